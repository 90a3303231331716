import type { ActionArgs, Plan } from '../../workflows/workflow.js';
import { targetRefText } from './describe-binding.js';

/**
 * What a request does, in plain words for headers, notifications and confirm dialogs:
 * `unbind 203.0.113.10`, `move 203.0.113.10 to server ins-4e5f6a7b`. The plan, when
 * known, names EIPs by address (what people recognise) rather than by the id typed.
 */
export function actionPhrase(args: ActionArgs, plan?: Plan): string {
  const firstAddress = plan?.changes[0]?.address;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  switch (args.action) {
    case 'bind':
      return `bind ${firstAddress ?? args.eip} to ${targetRefText(args.target)}`;
    case 'bind-new':
      return `create a ${args.bandwidthMbps} Mbit/s EIP and bind it to ${targetRefText(args.target)}`;
    case 'unbind':
      return args.ref.kind === 'eip'
        ? `unbind ${firstAddress ?? args.ref.eip}`
        : `unbind ${firstAddress ?? 'the EIP'} from ${targetRefText({ kind: 'nic', nicId: args.ref.nicId, privateIp: args.ref.privateIp })}`;
    case 'move':
      return `move ${firstAddress ?? args.eip} to ${targetRefText(args.target)}`;
    case 'isolate':
      return plan === undefined
        ? `isolate server ${args.serverId}`
        : `isolate server ${args.serverId} (unbind its ${plural(plan.changes.length, 'EIP')})`;
    case 'vip-unbind':
      return `unbind the virtual IP of NIC ${args.nicId}`;
    case 'restore':
      return `restore ${plural(args.bindings.length, 'EIP binding')}`;
    case 'vip-bind':
      return `put virtual IP ${args.vip.address} back on NIC ${args.nicId}`;
  }
}

/** The same phrase with a capital letter, for a heading. */
export function actionTitle(args: ActionArgs, plan?: Plan): string {
  const phrase = actionPhrase(args, plan);
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;
}
