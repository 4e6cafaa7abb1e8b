// What a runtime logs for a Multi-Paxos step (trace-check/README.md): one
// line per spec action the step took, each with the entries it changed, or
// one stutter line when it took none.  The simulator, the explorer and the
// node runtime all log through here.
import type { KvCommand } from '../kv/commands.ts';
import type { ClientAction, ClientState } from './client.ts';
import type { MultiConfig } from './config.ts';
import type { NodeId } from './messages.ts';
import { serverVarsChanged, specCommand, specMessage, specParams, specRequest, type Json, type SpecVars } from './spec-view.ts';
import type { ServerState } from './state.ts';
import type { ServerStep } from './step.ts';

export interface MultiLine {
  readonly node: NodeId;
  readonly action: string;
  readonly params: Record<string, Json>;
  readonly received?: { readonly msg: Json };
  readonly sent: readonly { readonly msg: Json }[];
  readonly vars: SpecVars;
}

const isEmpty = (v: SpecVars) => Object.keys(v).length === 0;

export function serverLines(config: MultiConfig, before: ServerState, step: ServerStep): MultiLine[] {
  const lines: MultiLine[] = [];
  let prev = before;
  for (const p of step.parts) {
    lines.push({
      node: before.id,
      action: p.action.action,
      params: specParams(config, p.action),
      ...(p.received ? { received: { msg: specMessage(config, p.received) } } : {}),
      sent: p.sent.map((m) => ({ msg: specMessage(config, m) })),
      vars: serverVarsChanged(config, prev, p.after),
    });
    prev = p.after;
  }
  // A change to the spec's variables that no action claimed (a bug) is
  // logged as a stutter that changes them, which the checker rejects.
  const rest = serverVarsChanged(config, prev, step.state);
  if (lines.length === 0 || !isEmpty(rest)) lines.push({ node: before.id, action: 'Stutter', params: {}, sent: [], vars: rest });
  return lines;
}

/**
 * A crash: the server is rebuilt from its disk.  To the spec, a leader (or
 * candidate) that crashed stopped leading: Abandon.  Anything else the
 * rebuild changed was not on disk, and the line shows it.
 */
export function crashLine(config: MultiConfig, before: ServerState, rebuilt: ServerState): MultiLine {
  const vars = serverVarsChanged(config, before, rebuilt);
  const action = before.leader.phase === 'idle' ? 'Stutter' : 'Abandon';
  return { node: before.id, action, params: action === 'Abandon' ? { s: config.servers.indexOf(before.id) } : {}, sent: [], vars };
}

/** The history the spec's Linearizable needs (spec hMax): the highest slot any client has been answered at. */
export interface ClientHistory {
  readonly hMax: number;
}

export function clientLine(before: ClientState, action: ClientAction | null, history: ClientHistory): { line: MultiLine; history: ClientHistory } {
  const c = before.name;
  if (action === null) return { line: { node: c, action: 'Stutter', params: {}, sent: [], vars: {} }, history };
  if (action.action === 'Request') {
    const id = before.sent + 1;
    const cmd: KvCommand = action.cmd;
    return {
      line: {
        node: c,
        action: 'Request',
        params: { c, cmd: specCommand(cmd) },
        sent: [{ msg: specRequest(c, id, cmd) }],
        vars: { cSent: { [c]: id }, cBusy: { [c]: true }, hFloor: { [`${c}/${id}`]: history.hMax } },
      },
      history,
    };
  }
  const m = action.m;
  const reply: Json = { type: 'reply', client: m.client, id: m.id, slot: m.slot, result: m.result };
  const hMax = Math.max(history.hMax, m.slot);
  const vars: SpecVars = { cBusy: { [c]: false } };
  if (hMax !== history.hMax) vars.hMax = { '': hMax };
  return { line: { node: c, action: 'Receive', params: { c, m: reply }, received: { msg: reply }, sent: [], vars }, history: { hMax } };
}
