/**
 * The four error body shapes Huawei services answer with (reference §7.1), so the
 * simulator fails the way the cloud does: EIP v1 `{code,message}`; API Gateway and EIP
 * v3 `{error_code,error_msg,request_id}`; ECS `{error:{code,message}}`; IAM Keystone
 * `{error:{code:<number>,message,title}}`.
 */
export type SimErrorFormat = 'v1' | 'gateway' | 'ecs' | 'keystone';

export class SimError extends Error {
  readonly httpStatus: number;
  readonly code: string;
  /** Forces a shape (gateway errors look the same on every route); otherwise the route's own. */
  readonly format?: SimErrorFormat;

  constructor(httpStatus: number, code: string, message: string, format?: SimErrorFormat) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.format = format;
  }
}

const KEYSTONE_TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

export function renderSimError(error: SimError, routeFormat: SimErrorFormat, requestId: string): unknown {
  switch (error.format ?? routeFormat) {
    case 'v1':
      return { code: error.code, message: error.message };
    case 'gateway':
      return { error_code: error.code, error_msg: error.message, request_id: requestId };
    case 'ecs':
      return { error: { code: error.code, message: error.message } };
    case 'keystone':
      return { error: { code: error.httpStatus, message: error.message, title: KEYSTONE_TITLES[error.httpStatus] ?? 'Error' } };
  }
}
