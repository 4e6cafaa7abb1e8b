// A long Multi-Paxos trace for the trace-check bench, written by a script:
// server 0 leads ballot 0 and commits one command per slot (request,
// propose, three votes, three decisions, three executions, the answer:
// 12 lines a command); halfway, server 1 takes over with ballot 1 (phase 1
// from the first slot it has not applied: every slot below is applied
// everywhere, so the promises report nothing and nothing is re-proposed).  Neither the simulator nor
// the spec: a fixture whose size is chosen, which the checker must accept
// (if this script strays from the spec, the bench fails).  Short spec
// walks (trace-check/src/spec-walk.ts) cannot reach thousands of slots:
// the engine computes every successor of every state.
import { TRACE_FORMAT, TRACE_VERSION, type StepLine, type TraceValue } from '../trace-check/src/format.ts';

type Entry = { client: string; id: number; cmd: { op: string; key: string; val: string | null } };

export function scriptedMultiTrace(lines: number, opts: { clients?: number; leaderChange?: boolean } = {}): string {
  const clients = Array.from({ length: opts.clients ?? 4 }, (_, k) => `c${k + 1}`);
  const commands = Math.max(1, Math.floor((lines - 5) / 12));
  const servers = [0, 1, 2];
  const out: StepLine[] = [];
  const step = (node: string, action: string, params: Record<string, TraceValue>, vars: StepLine['vars'], sent: TraceValue[] = [], received?: TraceValue) =>
    out.push({ seq: out.length + 1, node, action, params, ...(received ? { received: { msg: received as StepLine['sent'][number]['msg'] } } : {}), sent: sent.map((msg) => ({ msg: msg as StepLine['sent'][number]['msg'] })), vars });
  const sent = new Map<string, number>();
  const store = new Map<string, string>();
  const votes: { slot: number; bal: number; entry: Entry }[] = [];
  let hMax = 0;
  let bal = 0;
  let leader = 0;
  // s has applied slots 1 .. from - 1.
  const phase1 = (s: number, b: number, from: number) => {
    const oneA = { type: '1a', bal: b, from };
    const reported = votes.filter((v) => v.slot >= from);
    step(`s${s}`, 'Phase1a', { s, b }, { lBal: { [s]: b }, lPhase: { [s]: 'p1' } }, [oneA]);
    for (const a of servers) step(`s${a}`, 'Phase1b', { a, m: oneA }, { maxBal: { [a]: b } }, [{ type: '1b', acc: a, bal: b, votes: reported }], oneA);
    // Every acceptor voted alike, so each slot's safe entry is its vote.
    const lProp: Record<string, TraceValue> = {};
    for (const v of reported) lProp[`${s}/${v.slot}`] = v.entry;
    step(`s${s}`, 'BecomeLeader', { s, Q: [0, 1] }, { lPhase: { [s]: 'p2' }, ...(reported.length > 0 ? { lProp } : {}) }, reported.map((v) => ({ type: '2a', bal: b, slot: v.slot, entry: v.entry })));
  };
  phase1(0, 0, 1);
  for (let slot = 1; slot <= commands; slot++) {
    if (opts.leaderChange !== false && slot === Math.ceil(commands / 2)) {
      leader = 1;
      bal = 1;
      phase1(leader, bal, slot);
    }
    const c = clients[slot % clients.length]!;
    const id = (sent.get(c) ?? 0) + 1;
    sent.set(c, id);
    const key = `k${slot % 3}`;
    const cmd = slot % 4 === 0 ? { op: 'get', key, val: null } : { op: 'put', key, val: `v${slot % 2}` };
    const e: Entry = { client: c, id, cmd };
    step(c, 'Request', { c, cmd }, { cSent: { [c]: id }, cBusy: { [c]: true }, ...(hMax > 0 ? { hFloor: { [`${c}/${id}`]: hMax } } : {}) }, [{ type: 'request', client: c, id, cmd }]);
    const twoA = { type: '2a', bal, slot, entry: e };
    step(`s${leader}`, 'Propose', { s: leader, i: slot, e }, { lProp: { [`${leader}/${slot}`]: e } }, [twoA]);
    for (const a of servers) step(`s${a}`, 'Phase2b', { a, m: twoA }, { vBal: { [`${a}/${slot}`]: bal }, vVal: { [`${a}/${slot}`]: e } }, [{ type: '2b', acc: a, bal, slot, entry: e }], twoA);
    votes.push({ slot, bal, entry: e });
    for (const s of servers) step(`s${s}`, 'Decide', { s, m: twoA }, { decided: { [`${s}/${slot}`]: e } });
    const result = cmd.op === 'put' ? cmd.val! : (store.get(key) ?? null);
    const reply = { type: 'reply', client: c, id, slot, result };
    const before = store.get(key);
    if (cmd.op === 'put') store.set(key, cmd.val!);
    for (const s of servers) {
      const kv = cmd.op === 'put' && before !== cmd.val ? { kv: { [`${s}/${key}`]: cmd.val } } : {};
      step(`s${s}`, 'ApplyExecute', { s }, { applied: { [s]: slot }, executed: { [`${s}+`]: [slot] }, ...kv }, [reply]);
    }
    step(c, 'Receive', { c, m: reply }, { cBusy: { [c]: false }, hMax: { '': slot } }, [], reply);
    hMax = slot;
  }
  const header = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: 'MultiPaxos',
    constants: { NumServers: 3, Quorums: [[0, 1], [0, 2], [1, 2], [0, 1, 2]], Clients: clients, Keys: ['k0', 'k1', 'k2'], Vals: ['v0', 'v1'], Window: 4, Replicas: servers },
    complete: true,
    source: { generator: 'bench/multi-trace.ts', commands },
  };
  return `${[header, ...out].map((l) => JSON.stringify(l)).join('\n')}\n`;
}
