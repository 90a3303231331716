import { z } from 'zod';

/**
 * Huawei answers errors in four body shapes depending on the service (reference/huawei.md
 * §7.1): EIP v1 `{code,message}`, API Gateway / EIP v3 / IAM v3.0 `{error_code,error_msg,
 * request_id}`, ECS and Keystone `{error:{code,message}}` (Keystone's code is a number),
 * and Neutron `{NeutronError:{type,message}}`. All normalise to one shape.
 */
export interface HuaweiErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

const gatewayShape = z.object({
  error_code: z.string(),
  error_msg: z.string().optional(),
  request_id: z.string().optional(),
});
const v1Shape = z.object({ code: z.union([z.string(), z.number()]), message: z.string().optional() });
const nestedShape = z.object({
  error: z.object({ code: z.union([z.string(), z.number()]), message: z.string().optional() }),
});
const neutronShape = z.object({ NeutronError: z.object({ type: z.string(), message: z.string().optional() }) });

/** Unknown bodies still yield a short excerpt for logs; they never reach a user. */
const EXCERPT_LENGTH = 200;

/**
 * API Gateway names the access key in its messages ("ak HPUAEXAMPLEAK0000001 not exist");
 * SPEC §5 allows access-key ids in logs and audit only masked: first 4 characters, then `…`.
 */
function maskAccessKeys(message: string | undefined): string | undefined {
  return message?.replace(/\b(ak\s+)([A-Za-z0-9]{4})[A-Za-z0-9]+/gi, '$1$2…');
}

export function parseHuaweiErrorBody(text: string): HuaweiErrorBody {
  const body = parseBody(text);
  return body.message === undefined ? body : { ...body, message: maskAccessKeys(body.message) };
}

function parseBody(text: string): HuaweiErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text.trim() === '' ? {} : { message: text.trim().slice(0, EXCERPT_LENGTH) };
  }
  const gateway = gatewayShape.safeParse(json);
  if (gateway.success) {
    return { code: gateway.data.error_code, message: gateway.data.error_msg, requestId: gateway.data.request_id };
  }
  const v1 = v1Shape.safeParse(json);
  if (v1.success) return { code: String(v1.data.code), message: v1.data.message };
  const nested = nestedShape.safeParse(json);
  if (nested.success) return { code: String(nested.data.error.code), message: nested.data.error.message };
  const neutron = neutronShape.safeParse(json);
  if (neutron.success) return { code: neutron.data.NeutronError.type, message: neutron.data.NeutronError.message };
  return { message: text.trim().slice(0, EXCERPT_LENGTH) };
}
