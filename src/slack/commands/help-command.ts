import { COMMAND_HELP, type CommandVerb } from '../command-usage.js';
import { helpText } from '../parse-command.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';

/** `/eip help` lists every verb with an example; `/eip help unbind` shows one. Answered in the ack itself. */
export function helpReply(verb: CommandVerb | undefined): string {
  const one = verb === undefined ? undefined : COMMAND_HELP.find((help) => help.verb === verb);
  const text = one === undefined ? helpText() : `${one.usage}\n    ${one.summary}. Example: ${one.example}`;
  return `\`\`\`${escapeMrkdwn(text)}\`\`\``;
}
