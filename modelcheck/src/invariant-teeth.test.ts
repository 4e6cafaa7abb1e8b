// The inductive invariant must mean, in the embedded engine's reading of
// the spec, what it says: a layout the engine mis-parses could drop a
// conjunct and leave Inv true everywhere.  Each case below is a state that
// breaks one conjunct; the engine must find that conjunct, and Inv, false
// there (and everything true in the initial state).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadEngine } from './embedded/wasm.ts';
import { modelsDir, specDir } from './models.ts';

const spec = readFileSync(join(specDir, 'Paxos.tla'), 'utf8');
const cfg = readFileSync(join(modelsDir, 'Paxos.small.cfg'), 'utf8');
const tla = loadEngine();

type Json = Record<string, unknown>;
const mv = (name: string) => ({ __model: name });
const fn = (pairs: [unknown, unknown][]) => ({ __fn: pairs });
const acceptors = ['a1', 'a2', 'a3'];

function state(opts: { msgs?: Json[]; maxBal?: number[]; maxVBal?: number[]; maxVal?: (string | null)[]; pBal?: number[]; pPreparing?: boolean[] } = {}): Json {
  const byAcc = (xs: unknown[]) => fn(acceptors.map((a, i) => [mv(a), xs[i]]));
  const value = (v: string | null) => mv(v ?? 'None');
  return {
    msgs: opts.msgs ?? [],
    maxBal: byAcc(opts.maxBal ?? [-1, -1, -1]),
    maxVBal: byAcc(opts.maxVBal ?? [-1, -1, -1]),
    maxVal: byAcc((opts.maxVal ?? [null, null, null]).map(value)),
    pBal: fn((opts.pBal ?? [-1, -1]).map((b, p) => [p, b])),
    pPreparing: fn((opts.pPreparing ?? [false, false]).map((x, p) => [p, x])),
    learned: fn([[mv('l1'), mv('None')]]),
  };
}

function holds(s: Json, expr: string): boolean {
  const r = JSON.parse(tla.explore_eval(spec, cfg, '{}', JSON.stringify(s), expr)) as { ok: boolean; json?: unknown; error?: string };
  if (!r.ok) throw new Error(`${expr}: ${r.error}`);
  return r.json === true;
}

const req = (v: string) => ({ type: 'request', val: mv(v) });
const m1a = (b: number) => ({ type: '1a', bal: b });
const m1b = (a: string, b: number, mbal: number, mval: string | null) => ({ type: '1b', acc: mv(a), bal: b, mbal, mval: mv(mval ?? 'None') });
const m2a = (b: number, v: string) => ({ type: '2a', bal: b, val: mv(v) });
const m2b = (a: string, b: number, v: string) => ({ type: '2b', acc: mv(a), bal: b, val: mv(v) });

describe('Inv, as the embedded engine reads it', () => {
  test('holds, with every part, in the initial state', () => {
    for (const part of ['TypeOK', 'AcceptorInv', 'ProposerInv', 'MessageInv', 'Inv']) expect(holds(state(), part)).toBe(true);
  });

  const broken: [string, string, Json][] = [
    ['AcceptorInv', 'a vote above the promise', state({ maxBal: [0, -1, -1], maxVBal: [1, -1, -1], maxVal: ['v1', null, null], msgs: [req('v1'), m2a(1, 'v1'), m2b('a1', 1, 'v1')], pBal: [-1, 1] })],
    ['AcceptorInv', 'a last vote with no 2b sent', state({ maxBal: [0, -1, -1], maxVBal: [0, -1, -1], maxVal: ['v1', null, null], pBal: [0, -1] })],
    ['ProposerInv', 'in phase 1 without a ballot', state({ pPreparing: [true, false] })],
    ['ProposerInv', "a proposer holding another proposer's ballot", state({ pBal: [1, -1] })],
    ['ProposerInv', 'in phase 1 of a ballot whose 2a is already sent', state({ msgs: [req('v1'), m1a(0), m2a(0, 'v1')], pBal: [0, -1], pPreparing: [true, false] })],
    ['MessageInv', 'a 1b whose reported vote is not below its ballot', state({ msgs: [m1a(0), m1b('a1', 0, 0, 'v1')], maxBal: [0, -1, -1], pBal: [0, -1] })],
    ['MessageInv', 'a 1b hiding a vote between its reported vote and its ballot', state({ msgs: [req('v1'), m1a(0), m1a(1), m2a(0, 'v1'), m2b('a1', 0, 'v1'), m1b('a1', 1, -1, null)], maxBal: [1, -1, -1], maxVBal: [0, -1, -1], maxVal: ['v1', null, null], pBal: [0, 1] })],
    ['MessageInv', 'two 2a of one ballot', state({ msgs: [req('v1'), req('v2'), m2a(0, 'v1'), m2a(0, 'v2')], pBal: [0, -1] })],
    ['MessageInv', 'a 2a of an unrequested value', state({ msgs: [m2a(0, 'v1')], pBal: [0, -1] })],
    ['MessageInv', 'a 2b without its 2a', state({ msgs: [req('v1'), m2b('a1', 0, 'v1')], maxBal: [0, -1, -1], maxVBal: [0, -1, -1], maxVal: ['v1', null, null], pBal: [0, -1] })],
    [
      'MessageInv',
      'a 2a that is not SafeAt: v1 chosen in ballot 0, v2 proposed in ballot 1',
      state({
        msgs: [req('v1'), req('v2'), m2a(0, 'v1'), m2b('a1', 0, 'v1'), m2b('a2', 0, 'v1'), m2a(1, 'v2')],
        maxBal: [0, 0, -1],
        maxVBal: [0, 0, -1],
        maxVal: ['v1', 'v1', null],
        pBal: [0, 1],
      }),
    ],
  ];

  test.each(broken)('%s is false for %s, and so is Inv', (part, _, s) => {
    expect(holds(s, 'TypeOK')).toBe(true);
    expect(holds(s, part)).toBe(false);
    expect(holds(s, 'Inv')).toBe(false);
  });
});
