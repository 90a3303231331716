import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** The code of a call that got no answer in time; other failures carry Node's own (ECONNRESET, ECONNREFUSED, …). */
export const NO_ANSWER = 'NO_ANSWER';

/** A request that got no HTTP answer: the connection failed, was reset, or stayed silent too long. */
export class TransportFailure extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

/**
 * HTTP for the Tencent call pipeline: one keep-alive agent per scheme, the body sent
 * byte for byte as signed, the answer read as text whatever its status, no redirects,
 * and a bound on the whole exchange. Plain node:http rather than axios: axios merges and
 * checks its whole configuration on every request, which cost more per call than the
 * official SDK's entire HTTP layer (bench/provider-clients.ts), and the pipeline uses
 * none of what that buys.
 */
export class KeepAliveTransport {
  readonly #timeoutMs: number;
  readonly #agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  send(request: { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, signal?: AbortSignal): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const headers = body === undefined ? request.headers : { ...request.headers, 'Content-Length': String(body.length) };
      let timer: NodeJS.Timeout | undefined;
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof TransportFailure ? error : new TransportFailure((error as NodeJS.ErrnoException).code, (error as Error).message));
      };
      const options = { method: request.method, headers, signal, agent: secure ? this.#agents.https : this.#agents.http };
      const onAnswer = (response: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', fail);
      };
      const outgoing = secure ? https.request(url, options, onAnswer) : http.request(url, options, onAnswer);
      timer = setTimeout(() => outgoing.destroy(new TransportFailure(NO_ANSWER, `no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  }
}
