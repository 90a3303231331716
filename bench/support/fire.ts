import http from 'node:http';
import type { SignedRequest } from '../../src/sandbox/slack/signed-request.js';

/** One connection per request in flight, kept open between bursts, as for every target alike. */
export function loadAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

export interface Answer {
  status: number;
  body: string;
  /** From handing the request to Node until the last byte of the answer. */
  latencyMs: number;
}

/** POSTs one signed request and times it. */
export function post(url: string, request: SignedRequest, agent: http.Agent): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: 'POST', agent, headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), latencyMs: performance.now() - started }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Sends every request at once and resolves with their answers, in order. */
export function burst(url: string, requests: readonly SignedRequest[], agent: http.Agent): Promise<Answer[]> {
  return Promise.all(requests.map((request) => post(url, request, agent)));
}
