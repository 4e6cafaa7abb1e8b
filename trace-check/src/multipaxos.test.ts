// The checker against Multi-Paxos traces generated from spec/MultiPaxos.tla
// itself (spec-walk.ts): such a trace passes by construction, and a copy
// with one corrupted line (a changed ballot, a dropped 2b, a swapped entry,
// a replica applying a slot out of order, a missing Propose) must fail at
// that line, or at the first line that depends on it, with the reason.
import { describe, expect, it } from 'vitest';
import { checkTrace, type CheckReport } from './check.ts';
import { parseTrace } from './format.ts';
import { MULTIPAXOS } from './profiles.ts';
import { renderReport } from './render.ts';
import { walkSpec } from './spec-walk.ts';

const CONSTANTS = {
  NumServers: 3,
  Quorums: [[0, 1], [0, 2], [1, 2], [0, 1, 2]],
  Clients: ['c1', 'c2'],
  MaxRequests: 2,
  Keys: ['k1'],
  Vals: ['v1'],
  MaxSlot: 3,
  MaxBallot: 2,
  Window: 2,
  Replicas: [0, 1, 2],
};
// Fewer ballots, abandoned leaderships and repeated votes than a uniform
// choice would take, so that a short walk gets requests decided, applied
// and answered (and does not use up its ballots).
const WEIGHTS = { Phase1a: 0.3, Phase2b: 0.5, Abandon: 0.05 };

const walk = walkSpec({ profile: MULTIPAXOS, constants: CONSTANTS, steps: 90, seed: 2, weights: WEIGHTS });
const lines = walk.text.trimEnd().split('\n');

type Line = Record<string, any>;
const parsed = (i: number): Line => JSON.parse(lines[i]!) as Line;
/** Index (0-based, so line i + 1) of the first step line matching. */
const find = (pred: (l: Line, i: number) => boolean): number => lines.findIndex((l, i) => i > 0 && pred(JSON.parse(l) as Line, i));

function corrupt(i: number, f: (l: Line) => void): string[] {
  const l = parsed(i);
  f(l);
  return lines.map((x, k) => (k === i ? JSON.stringify(l) : x));
}

async function check(text: string[]): Promise<CheckReport> {
  return checkTrace(parseTrace('walk.ndjson', `${text.join('\n')}\n`));
}

describe('Multi-Paxos traces generated from the spec', () => {
  it('the walk reaches decisions, applications and answers', () => {
    const actions = new Set(walk.lines.map((l) => l.action));
    for (const a of ['Request', 'Phase1a', 'Phase1b', 'BecomeLeader', 'Propose', 'Phase2b', 'Decide', 'ApplyExecute', 'Receive']) expect(actions, a).toContain(a);
  });

  it('passes, with every invariant on every state', async () => {
    const r = await check(lines);
    expect(r.failure).toBeUndefined();
    expect(r.checked).toBe(r.steps);
    expect(r.engineSteps).toBe(r.steps);
    for (const [name, c] of r.invariants) expect(c.states, name).toBe(r.steps);
    expect(renderReport(r).join('\n')).toMatch(/every step is a step of MultiPaxos, and every state satisfies its invariants[\s\S]*invariants on every state: TypeOK, SlotAgreement/);
  });

  it('passes other walks, in small chunks run side by side, with the bounds derived from the steps', async () => {
    for (const seed of [3, 5]) {
      const w = walkSpec({ profile: MULTIPAXOS, constants: CONSTANTS, steps: 70, seed, weights: WEIGHTS });
      const [head, ...rest] = w.text.trimEnd().split('\n');
      const h = JSON.parse(head!) as Line;
      delete h.constants.MaxSlot;
      delete h.constants.MaxBallot;
      delete h.constants.MaxRequests;
      const r = await checkTrace(parseTrace('w.ndjson', `${[JSON.stringify(h), ...rest].join('\n')}\n`), { chunkSize: 7 });
      expect(r.failure, `seed ${seed}: ${r.failure?.diagnosis.headline}`).toBeUndefined();
    }
  });

  it('accepts a whole row logged in place of its changed entry', async () => {
    const i = find((l) => l.action === 'Phase2b' && Object.keys(l.vars.vBal ?? {}).length === 1);
    const r = await check(
      corrupt(i, (l) => {
        const [key, bal] = Object.entries(l.vars.vBal as Record<string, number>)[0]!;
        const [server, slot] = key.split('/');
        const before = walk.states[i - 1]!.vBal as { __fn: [number, { __tuple: number[] }][] };
        const row = [...before.__fn.find(([s]) => String(s) === server)![1].__tuple];
        row[Number(slot) - 1] = bal;
        l.vars.vBal = { [server!]: Object.fromEntries(row.map((b, k) => [String(k + 1), b])) };
      }),
    );
    expect(r.failure).toBeUndefined();
  });

  it('fails at a promise whose ballot was changed: the 1a it names was never sent', async () => {
    const i = find((l) => l.action === 'Phase1b');
    const r = await check(corrupt(i, (l) => {
      l.params.m.bal += 1;
      l.received.msg.bal += 1;
    }));
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/its parameter m = \[bal \|-> \d+, from \|-> \d+, type \|-> "1a"\] is not in Msgs1a/);
  });

  it('fails at a vote that dropped its 2b, showing the message the spec sends', async () => {
    const i = find((l) => l.action === 'Phase2b' && l.sent.length > 0);
    const r = await check(corrupt(i, (l) => (l.sent = [])));
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/Phase2b\(\d, .*\) is enabled, but the state the log claims after it is not the one the spec reaches/);
    expect(r.failure?.diagnosis.details.join('\n')).toMatch(/msgs: only the spec has \[.*type \|-> "2b"/);
  });

  it('fails at a decision that logs another entry than the 2a a quorum voted for', async () => {
    const i = find((l) => l.action === 'Decide');
    const r = await check(corrupt(i, (l) => {
      const [key] = Object.keys(l.vars.decided);
      l.vars.decided[key!] = { client: null, id: 0, cmd: { op: 'noop', key: null, val: null } };
      if (l.params.m.entry.id === 0) l.vars.decided[key!] = { client: 'c1', id: 1, cmd: { op: 'get', key: 'k1', val: null } };
    }));
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.details.join('\n')).toMatch(/decided\[\d\]: the spec .*, the log /);
  });

  it('fails at a replica that applies a slot out of order', async () => {
    const i = find((l) => l.action === 'ApplyExecute' || l.action === 'ApplySkip');
    const r = await check(corrupt(i, (l) => {
      const [s] = Object.keys(l.vars.applied);
      l.vars.applied[s!] += 1;
    }));
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.details.join('\n')).toMatch(/applied\[\d\]: the spec \d, the log \d/);
  });

  it('fails where a missing Propose is first needed: its 2a was never sent', async () => {
    const i = find((l) => l.action === 'Propose');
    const twoA = JSON.stringify(parsed(i).sent[0].msg);
    const user = find((l, k) => k > i && (l.action === 'Phase2b' || l.action === 'Decide') && JSON.stringify(l.params.m) === twoA);
    expect(user).toBeGreaterThan(i);
    const r = await check(lines.filter((_, k) => k !== i));
    // One line fewer before it: the user is now line `user`.
    expect(r.failure?.failure.line).toBe(user);
    expect(r.failure?.diagnosis.headline).toMatch(/its parameter m = \[bal \|-> \d+, entry \|-> .*, type \|-> "2a"\] is not in Msgs2a/);
  });

  it('names an entry outside a variable\'s domain', async () => {
    const i = find((l) => l.action === 'Phase2b' && l.vars.vBal !== undefined);
    const r = await check(corrupt(i, (l) => (l.vars.vBal = { '0/99': 1 })));
    expect(r.failure?.failure.kind).toBe('shape');
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/vars\.vBal\.0\/99: 99 is not in the domain/);
  });

  // "0*" (every entry of lProp[0]), for a leader that no longer holds the
  // slots it proposed in: the reset of Phase1a, BecomeLeader and Abandon.
  const NONE = { client: null, id: -1, cmd: { op: 'none', key: null, val: null } };
  const resetLine = () => find((l, i) => ['Abandon', 'Phase1a'].includes(l.action as string) && Object.keys(l.vars.lProp ?? {}).some((k) => k.includes('/')) && i > 0);

  it('takes a whole-row reset written as one "*" key in place of its entries', async () => {
    const i = resetLine();
    expect(i).toBeGreaterThan(0);
    const r = await check(corrupt(i, (l) => (l.vars.lProp = { [`${Object.keys(l.vars.lProp)[0]!.split('/')[0]}*`]: NONE })));
    expect(r.failure).toBeUndefined();
    expect(r.checked).toBe(r.steps);
  });

  it('rejects a "*" key that fills a row with anything else, and one on an entry that is no function', async () => {
    const i = resetLine();
    const row = () => `${Object.keys(parsed(i).vars.lProp)[0]!.split('/')[0]}*`;
    const wrong = await check(corrupt(i, (l) => (l.vars.lProp = { [row()]: { client: 'c1', id: 1, cmd: { op: 'put', key: 'k1', val: 'v1' } } })));
    expect(wrong.failure?.failure.line).toBe(i + 1);
    expect(wrong.failure?.diagnosis.headline).toMatch(/not the one the spec reaches/);
    const notFn = await check(corrupt(i, (l) => (l.vars.lBal = { '0*': 1 })));
    expect(notFn.failure?.failure.kind).toBe('shape');
    expect(notFn.failure?.diagnosis.headline).toMatch(/vars\.lBal\.0\*: a key ending in "\*" sets every entry of a function/);
  });
});

describe('invariants too costly for every state', () => {
  it('are checked where their estimated cost allows, and the verdict says where', async () => {
    // Many possible requests: the set of all entries, which TypeOK,
    // SlotAgreement, DecidedIsChosen and Linearizable enumerate, is large.
    const w = walkSpec({ profile: MULTIPAXOS, constants: { ...CONSTANTS, MaxRequests: 200 }, steps: 40, seed: 2, weights: WEIGHTS });
    const r = await checkTrace(parseTrace('big.ndjson', w.text), { chunkSize: 10 });
    expect(r.failure).toBeUndefined();
    const inv = r.invariants;
    expect(inv.get('LogPrefix')!.states).toBe(r.engineSteps);
    expect(inv.get('Linearizable')!.states).toBeLessThan(r.engineSteps);
    const text = renderReport(r).join('\n');
    expect(text).toMatch(/every state checked satisfies its invariants/);
    expect(text).toMatch(/invariants on some states only[^\n]*\n(\s+\w+: on [^\n]+\n)*\s+Linearizable: on (none|[\d,]+ of [\d,]+ states, the last after line \d+)/);
  });
});
