import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { z } from 'zod';
import type { Logger } from '../logger.js';

/** Slack posts slash commands and interactions form-encoded, with exactly this type (reference/slack.md §1.4). */
const FORM = 'application/x-www-form-urlencoded';
/** Bolt's own limit (HTTPModuleFunctions.defaultBodyLimit); Slack's payloads are far smaller. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * A workspace or organisation id (`T0123ABCD`, `E0123ABCD`). Bolt keys a plain object by
 * it to keep one Web API client pool per workspace: `team_id=valueOf` made it call
 * Object.prototype.valueOf as a pool (HTTP 500), and every new id would add a pool.
 */
const slackTeamId = z.string().regex(/^[A-Z0-9]{2,}$/);

const sslCheck = z.looseObject({ ssl_check: z.literal('1') });
const slashCommand = z.looseObject({ command: z.string(), team_id: slackTeamId.optional(), enterprise_id: slackTeamId.optional() });
/** Interactions Bolt routes by their type alone; others only by their `actions` or `name` (Bolt helpers.getTypeAndConversation). */
const TYPES_BOLT_ROUTES = new Set(['block_suggestion', 'dialog_submission', 'shortcut', 'message_action', 'view_submission', 'view_closed']);

/**
 * An interaction Bolt can route, with what its routing reads without checking it first:
 * the `user` (its id), the workspace ids, and `channel.id`, `actions[0]` and `view` when present.
 */
const interaction = z
  .looseObject({
    type: z.string(),
    user: z.looseObject({ id: z.string(), team_id: slackTeamId.optional() }),
    team: z.looseObject({ id: slackTeamId, enterprise_id: slackTeamId.nullish() }).nullish(),
    enterprise: z.looseObject({ id: slackTeamId }).nullish(),
    channel: z.looseObject({}).optional(),
    actions: z.array(z.looseObject({})).min(1).optional(),
    view: z.looseObject({}).optional(),
  })
  .refine((body) => body.actions !== undefined || body.name !== undefined || TYPES_BOLT_ROUTES.has(body.type))
  .refine((body) => !body.type.startsWith('view_') || body.view !== undefined);

/** Why Bolt must not see this body, or undefined when it is one of the three kinds eipbot takes. */
export function malformedSlackBody(contentType: string | undefined, raw: Buffer): string | undefined {
  if (contentType !== FORM) return `content type ${contentType ?? 'missing'}, not ${FORM}`;
  const form = parseForm(raw.toString('utf8'));
  if (form.payload === undefined) {
    return sslCheck.safeParse(form).success || slashCommand.safeParse(form).success ? undefined : 'neither a slash command nor a payload';
  }
  if (typeof form.payload !== 'string') return 'more than one payload';
  let payload: unknown;
  try {
    payload = JSON.parse(form.payload);
  } catch {
    return 'a payload that is not JSON';
  }
  return interaction.safeParse(payload).success ? undefined : 'a payload that is not an interaction Slack sends';
}

/** Reads the whole body, or undefined once it passes `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function refuse(response: ServerResponse, status: number): void {
  response.writeHead(status);
  response.end();
}

/**
 * Bolt trusts the shape of what it parses: a `payload` of `null` throws outside its error
 * handling and ends the process; an interaction without a `user` or with an empty
 * `actions` throws before the ack (HTTP 500); one without a `type` is never acked, so
 * the caller waits 3 s for a 404. eipbot takes slash commands and interactions only, so
 * this wraps Bolt's listener: it reads the body, answers 400 at once to anything else
 * (413 beyond Bolt's size limit), and hands the rest to Bolt already read, as Bolt's
 * `rawBody` (its BufferedIncomingMessage), for the signature check and routing.
 */
export function rejectMalformedBodies(listener: RequestListener, logger: Logger): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    readBody(request, MAX_BODY_BYTES).then(
      (raw) => {
        if (raw === undefined) {
          logger.warn({ limit: MAX_BODY_BYTES }, 'refused a Slack request larger than the body limit');
          refuse(response, 413);
          return;
        }
        const problem = malformedSlackBody(request.headers['content-type'], raw);
        if (problem !== undefined) {
          logger.warn({ problem }, 'refused a request to /slack/events that is not a slash command or an interaction');
          refuse(response, 400);
          return;
        }
        Object.assign(request, { rawBody: raw });
        listener(request, response);
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'could not read a request to /slack/events');
        if (!response.headersSent) refuse(response, 400);
      },
    );
  };
}
