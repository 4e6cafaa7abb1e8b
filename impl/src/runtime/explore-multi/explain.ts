// A Multi-Paxos counterexample path, replayed through the same reducers and
// told as the runtimes log it (multi/trace-lines.ts): per transition, what
// happened, then one line per spec action it took.  The same lines written
// with multi/trace-file.ts make a trace that `paxos trace-check` replays
// against spec/MultiPaxos.tla.
import { clientStep } from '../../multi/client.ts';
import { recoverServer, serverStep } from '../../multi/server.ts';
import { multiTraceText } from '../../multi/trace-file.ts';
import { clientLine, crashLine, serverLines, type ClientHistory, type MultiLine } from '../../multi/trace-lines.ts';
import type { Json } from '../../multi/spec-view.ts';
import { messageKey } from './state-key.ts';
import type { MultiExplorer, MultiGlobal, MultiTransition } from './explorer.ts';

export interface ExplainedStep {
  readonly what: string;
  readonly lines: readonly MultiLine[];
}

function describe(t: MultiTransition): string {
  switch (t.kind) {
    case 'invoke':
      return `${t.client} invokes ${t.cmd.op === 'put' ? `put(${t.cmd.key}, ${t.cmd.value})` : `get(${t.cmd.key})`}`;
    case 'retry':
      return `${t.client}'s retry timer fires`;
    case 'deliver':
      return `${t.envelope.to} receives ${messageKey(t.envelope.msg)} from ${t.envelope.from}`;
    case 'fire':
      return `${t.node}'s ${t.timer} timer fires`;
    case 'crash':
      return `${t.node} crashes and restarts from its disk`;
  }
}

/** Each transition of the path with the trace lines its step logs. */
export function explainMultiPath(explorer: MultiExplorer, path: readonly MultiTransition[], states: readonly MultiGlobal[]): ExplainedStep[] {
  const config = explorer.config;
  const servers = config.servers;
  let history: ClientHistory = { hMax: 0 };
  return path.map((t, k) => {
    const s = states[k]!;
    const clientTurn = (name: string, input: Parameters<typeof clientStep>[2]): MultiLine[] => {
      const before = s.clients[explorer.opts.clients.findIndex((c) => c.name === name)]!;
      const step = clientStep(servers, before, input);
      const out = clientLine(before, step.action, history);
      history = out.history;
      return [out.line];
    };
    const serverTurn = (node: string, input: Parameters<typeof serverStep>[2]): MultiLine[] => {
      const before = s.servers[servers.indexOf(node)]!;
      return serverLines(config, before, serverStep(config, before, input));
    };
    const lines = ((): MultiLine[] => {
      switch (t.kind) {
        case 'invoke':
          return clientTurn(t.client, { kind: 'invoke', cmd: t.cmd });
        case 'retry':
          return clientTurn(t.client, { kind: 'timer', timer: 'retry' });
        case 'fire':
          return serverTurn(t.node, { kind: 'timer', timer: t.timer });
        case 'deliver': {
          const { from, to, msg } = t.envelope;
          const input = { kind: 'receive', from, msg } as const;
          return servers.includes(to) ? serverTurn(to, input) : clientTurn(to, input);
        }
        case 'crash': {
          const i = servers.indexOf(t.node);
          return [crashLine(config, s.servers[i]!, recoverServer(config, t.node, s.disks[i]!).state)];
        }
      }
    })();
    return { what: describe(t), lines };
  });
}

const showJson = (v: Json): string => JSON.stringify(v);

/** The story as text: a numbered transition, then its spec actions (Stutter: none). */
export function explainMultiText(steps: readonly ExplainedStep[]): string[] {
  const out: string[] = [];
  steps.forEach((st, k) => {
    out.push(`${String(k + 1).padStart(3)}. ${st.what}`);
    for (const l of st.lines) {
      if (l.action === 'Stutter' && Object.keys(l.vars).length === 0) continue;
      const params = Object.entries(l.params).map(([p, v]) => `${p}=${showJson(v)}`).join(', ');
      out.push(`       ${l.node}: ${l.action}(${params})`);
    }
  });
  return out;
}

/** The path as a trace file (NDJSON) for `paxos trace-check`. */
export function multiCounterexampleTrace(explorer: MultiExplorer, steps: readonly ExplainedStep[], source: Record<string, unknown>): string {
  const clients = explorer.opts.clients.map((c) => c.name);
  const cmds = explorer.opts.clients.flatMap((c) => c.commands);
  const keys = [...new Set(cmds.map((c) => c.key))];
  const vals = [...new Set(cmds.flatMap((c) => (c.op === 'put' ? [c.value] : [])))];
  return multiTraceText(explorer.config, { clients, keys, vals }, steps.flatMap((s) => s.lines), { kind: 'explore', ...source });
}
