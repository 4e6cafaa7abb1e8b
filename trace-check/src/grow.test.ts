// Chunks sized to the slots used so far (grow.ts): the slot rows are cut,
// nothing else; the bound grows with the run; a trace still passes, and a
// bad step in a late chunk is still caught at its line.
import { describe, expect, it } from 'vitest';
import { scriptedMultiTrace } from '../../bench/multi-trace.ts';
import { checkTrace } from './check.ts';
import { makeContext } from './context.ts';
import { EnginePool } from './engine-pool.ts';
import { parseTrace } from './format.ts';
import { chunkSizer, cutTo } from './grow.ts';
import { MULTIPAXOS } from './profiles.ts';
import type { EngineValue } from './values.ts';

const row = (n: number, x: EngineValue): EngineValue => ({ __tuple: Array.from({ length: n }, () => x) });
const rows = (n: number, x: EngineValue): EngineValue => ({ __fn: [0, 1].map((s) => [s, row(n, x)] as [EngineValue, EngineValue]) });

describe('cutTo', () => {
  it('cuts the tuples whose length follows the constant, and leaves the others whole', () => {
    // vBal-like rows over 3 slots (Init at 3 and 4), hFloor-like rows over 3 requests (the same at both).
    const state = { __fn: [[0, { __tuple: [5, -1, -1] }], [1, { __tuple: [5, 6, -1] }]] } as EngineValue;
    expect(cutTo(state, rows(3, -1), rows(4, -1), 2)).toEqual({ __fn: [[0, { __tuple: [5, -1] }], [1, { __tuple: [5, 6] }]] });
    expect(cutTo({ __tuple: [0, 0, 3] }, row(3, 0), row(3, 0), 1)).toEqual({ __tuple: [0, 0, 3] });
    expect(cutTo({ c1: { __tuple: [1, 2, 3] } }, { c1: row(3, 0) }, { c1: row(4, 0) }, 2)).toEqual({ c1: { __tuple: [1, 2] } });
    expect(cutTo([1, 2, 3], [], [], 1)).toEqual([1, 2, 3]);
  });
});

describe('chunks sized to the slots used so far', () => {
  const text = scriptedMultiTrace(400);
  const trace = parseTrace('scripted.ndjson', text);
  const lastSlot = Math.floor((400 - 5) / 12);

  it('the bound grows step by step from 1 to the last slot; a header that fixes MaxSlot turns it off', async () => {
    const pool = new EnginePool(1);
    try {
      const ctx = makeContext(trace, MULTIPAXOS, MULTIPAXOS.file, pool, { maxHidden: 0, chunkSize: 50, tlcJar: null });
      const steps = trace.steps.map((s) => s.step);
      const constants = new Map<string, EngineValue>([
        ...Object.entries(trace.header.constants).map(([k, v]) => [k, v as EngineValue] as const),
        ['MaxSlot', lastSlot],
        ['MaxBallot', 1],
        ['MaxRequests', 20],
        ['NoVal', { __model: 'NoVal' }],
      ]);
      const sizer = await chunkSizer(ctx, constants, steps);
      expect(sizer).not.toBeNull();
      const bounds = steps.map((_, k) => sizer!.boundAt(k));
      expect(bounds[0]).toBe(1);
      expect(bounds.at(-1)).toBe(lastSlot);
      expect(bounds.every((b, k) => k === 0 || b >= bounds[k - 1]!)).toBe(true);
      expect(sizer!.constantsFor(7).get('MaxSlot')).toBe(7);
      const fixed = parseTrace('fixed.ndjson', text.replace('"Window":4', `"Window":4,"MaxSlot":${lastSlot}`));
      expect(await chunkSizer(makeContext(fixed, MULTIPAXOS, MULTIPAXOS.file, pool, { maxHidden: 0, chunkSize: 50, tlcJar: null }), constants, steps)).toBeNull();
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a long scripted run passes in chunks of 50 steps', async () => {
    const r = await checkTrace(trace, { chunkSize: 50, workers: 1 });
    expect(r.failure).toBeUndefined();
    expect(r.steps).toBe(trace.steps.length);
  }, 300_000);

  it('a proposal in a slot the leader has applied, late in the run, is caught at its line', async () => {
    const lines = text.trimEnd().split('\n');
    // The last Propose: its slot becomes slot 1, applied everywhere long before.
    const i = lines.findLastIndex((l) => l.includes('"action":"Propose"'));
    const l = JSON.parse(lines[i]!) as { params: { i: number; e: unknown }; sent: { msg: { slot: number } }[]; vars: { lProp: Record<string, unknown> } };
    const [key] = Object.keys(l.vars.lProp);
    l.params.i = 1;
    l.sent[0]!.msg.slot = 1;
    l.vars.lProp = { [key!.replace(/\/\d+$/, '/1')]: l.params.e };
    lines[i] = JSON.stringify(l);
    const r = await checkTrace(parseTrace('bad.ndjson', `${lines.join('\n')}\n`), { chunkSize: 50, workers: 1 });
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/Propose/);
  }, 300_000);
});
