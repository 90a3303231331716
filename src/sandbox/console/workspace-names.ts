import type { SlackWorkspace } from '../slack/slack-workspace.js';
import type { SlackNames } from './mrkdwn-html.js';

/** Names as the fake workspace knows them, read at the moment a message is drawn. */
export function workspaceNames(workspace: SlackWorkspace): SlackNames {
  const lookUp = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch {
      // The workspace answers an unknown id as Slack would (user_not_found…); a message may name anyone.
      return undefined;
    }
  };
  return {
    user: (id) => lookUp(() => workspace.user(id).name),
    channel: (id) => lookUp(() => workspace.channel(id).name),
    userGroup: (id) => lookUp(() => workspace.userGroup(id).handle),
  };
}
