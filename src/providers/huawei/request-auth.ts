import type { Clock } from '../../clock.js';
import type { Secret } from '../../config/secret.js';
import type { CallContext } from './http-client.js';
import { formatSdkDate, signSdkHmacSha256, type QueryParams } from './signer.js';
import type { HuaweiTokenProvider } from './token-provider.js';

export interface UnsignedRequest {
  method: string;
  url: string;
  query?: QueryParams;
  /** The headers already set (Content-Type); they are signed with the rest. */
  headers: Record<string, string>;
  body: string;
}

export interface AuthorizedHeaders {
  headers: Record<string, string>;
  /** The IAM token used, so that a 401 invalidates exactly that token. */
  token?: string;
}

/** How one account's requests are authenticated: AK/SK signing or an IAM token. */
export interface HuaweiRequestAuth {
  /** The project id for `/v1/{project_id}/…` paths. */
  projectId(call: CallContext): Promise<string>;
  authorize(request: UnsignedRequest, call: CallContext): Promise<AuthorizedHeaders>;
  /** After a 401: drops the rejected credential; true when a fresh one may succeed. */
  renew(rejectedToken: string | undefined, call: CallContext): Promise<boolean>;
}

/**
 * `SDK-HMAC-SHA256` on every request. `X-Project-Id` is signed as the Node SDK does
 * (reference §2.2); the `Host` header is sent exactly as signed.
 */
export function akSkAuth(accessKey: Secret, secretKey: Secret, projectId: string, clock: Clock): HuaweiRequestAuth {
  return {
    projectId: () => Promise.resolve(projectId),
    authorize: (request) => {
      const headers = { ...request.headers, 'X-Project-Id': projectId, 'X-Sdk-Date': formatSdkDate(clock.now()) };
      const signature = signSdkHmacSha256(
        { method: request.method, url: request.url, query: request.query, headers, body: request.body },
        accessKey.reveal(),
        secretKey.reveal(),
      );
      return Promise.resolve({ headers: { ...headers, Host: signature.host, Authorization: signature.authorization } });
    },
    // A signature does not expire the way a token does: a 401 means wrong keys or a wrong clock.
    renew: () => Promise.resolve(false),
  };
}

/** `X-Auth-Token` from the shared token cache; the project id comes from the token unless configured. */
export function tokenAuth(tokens: HuaweiTokenProvider, configuredProjectId: string | undefined): HuaweiRequestAuth {
  return {
    projectId: async (call) => configuredProjectId ?? (await tokens.get(call)).projectId,
    authorize: async (request, call) => {
      const { token } = await tokens.get(call);
      return { headers: { ...request.headers, 'X-Auth-Token': token }, token };
    },
    renew: async (rejectedToken) => {
      if (rejectedToken === undefined) return false;
      await tokens.invalidate(rejectedToken);
      return true;
    },
  };
}
