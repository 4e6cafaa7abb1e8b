// A counterexample path, told step by step as a reader wants it: who did
// what, which spec action that was, and what it sent.
import { serverStep } from '../../basic/server.ts';
import { classifyStep } from '../../basic/spec-actions.ts';
import type { Message } from '../../basic/messages.ts';
import type { Input } from '../../basic/io.ts';
import type { Explorer, GlobalState, Transition } from './explorer.ts';

const showMsg = (m: Message) => {
  const { type, ...fields } = m;
  return `${type}(${Object.entries(fields).map(([k, v]) => `${k}=${v === null ? 'None' : v}`).join(', ')})`;
};

export function explainPath(explorer: Explorer, path: readonly Transition[], states: readonly GlobalState[]): string[] {
  const config = explorer.opts.config;
  return path.map((t, i) => {
    const s = states[i]!;
    const n = `${String(i + 1).padStart(3)}.`;
    let node: string;
    let input: Input;
    let what: string;
    switch (t.kind) {
      case 'request':
        return `${n} a client asks ${t.to} for ${t.val}  [Request(${t.val})]`;
      case 'crash':
        return `${n} ${t.node} crashes and restarts from its disk`;
      case 'deliver':
        node = t.envelope.to;
        input = { kind: 'receive', from: t.envelope.from, msg: t.envelope.msg };
        what = `${node} receives ${showMsg(t.envelope.msg)} from ${t.envelope.from}`;
        break;
      case 'fire':
        node = t.timer.node;
        input = { kind: 'timer', timer: t.timer.timer, bal: t.timer.bal };
        what = `${node}'s ${t.timer.timer} timer fires (ballot ${t.timer.bal})`;
        break;
    }
    const before = s.nodes[explorer.ids.indexOf(node)]!;
    const { state, outputs } = serverStep(config, before, input);
    const { action, ...params } = classifyStep(config, before, state, input, outputs);
    const args = Object.values(params).map((v) => (Array.isArray(v) ? `{${v.join(',')}}` : String(v))).join(', ');
    const sent = outputs.flatMap((o) => (o.kind === 'send' ? [`${showMsg(o.msg)}→${o.to}`] : []));
    return `${n} ${what}  [${action === 'Stutter' ? 'no spec step' : `${action}(${args})`}]${sent.length ? `\n        sends ${sent.join(', ')}` : ''}`;
  });
}
