// The merger's restart lines against the simulator's: a server driven by
// the real reducer, its lines and its disk after every step; a kill after
// which the disk kept the records of only some steps; the restart line the
// merger makes from lines and the start record alone must be crashLine's
// (made from the real states), and the steps the disk did not keep cut off.
import { describe, expect, it } from 'vitest';
import type { DurableState, Input } from '../../../multi/io.ts';
import { initServer, recoverServer } from '../../../multi/server.ts';
import { serverSpecEntry, serverVarsChanged, type Json } from '../../../multi/spec-view.ts';
import type { ServerState } from '../../../multi/state.ts';
import { SlotMap } from '../../../multi/slot-map.ts';
import { TestCluster } from '../../../multi/test-cluster.ts';
import { crashLine, type MultiLine } from '../../../multi/trace-lines.ts';
import type { ServerRecord } from './read-node-traces.ts';
import { serverTimeline } from './restart-line.ts';

/** s0's steps as the cluster takes them: each step's lines, and s0's state and disk after it. */
class Recorded extends TestCluster {
  readonly steps: { lines: MultiLine[]; state: ServerState; disk: DurableState }[] = [];
  override stepServer(id: string, input: Input): void {
    const n = this.lines.length;
    super.stepServer(id, input);
    if (id === 's0') this.steps.push({ lines: this.lines.slice(n), state: this.server('s0'), disk: this.disks.get('s0')! });
  }
}

function run(): Recorded {
  const t = new Recorded();
  t.fire('s0', 'election');
  t.deliverAll();
  for (const value of ['a', 'b']) {
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value } });
    t.deliverAll();
  }
  return t;
}

/** s0's file: a start record, its lines up to `upTo` steps (all lines, as the process wrote them before dying), then the next start. */
function records(t: Recorded, upTo: number, recovered: ServerState): ServerRecord[] {
  let lc = 0;
  const out: ServerRecord[] = [{ lc: ++lc, event: 'start', node: 's0', pid: 1, vars: {} }];
  for (const s of t.steps.slice(0, upTo)) for (const l of s.lines) out.push({ lc: ++lc, ...l });
  out.push({ lc: ++lc, event: 'start', node: 's0', pid: 2, vars: serverVarsChanged(t.config, initServer(t.config, 's0').state, recovered) });
  return out;
}

const restartOf = (lines: readonly MultiLine[]) => lines.at(-1)!;

/**
 * The merger's restart line has crashLine's effect on the spec's variables:
 * the same action, and every entry one lists is either listed by the other
 * with the same value or unchanged from `before` (crashLine also lists
 * unchanged entries of slot chunks the recovery rebuilt; listing an
 * unchanged entry is allowed and says nothing).
 */
function expectSameRestart(mine: MultiLine, expected: MultiLine, before: ServerState): void {
  expect({ action: mine.action, params: mine.params }).toEqual({ action: expected.action, params: expected.params });
  const unchanged = (v: string, p: string, value: Json) => {
    if (!p.endsWith('+')) return expect(serverSpecEntry(before, v, p)).toEqual(value);
    const had = serverSpecEntry(before, v, p.slice(0, -1)) as Json[];
    for (const x of value as Json[]) expect(had).toContainEqual(x);
  };
  for (const [v, row] of Object.entries(mine.vars)) {
    for (const [p, value] of Object.entries(row)) {
      if (expected.vars[v]?.[p] === undefined) unchanged(v, p, value);
      else expect(value).toEqual(expected.vars[v][p]);
    }
  }
  for (const [v, row] of Object.entries(expected.vars)) for (const [p, value] of Object.entries(row)) if (mine.vars[v]?.[p] === undefined) unchanged(v, p, value);
}

describe('restart lines made from a server\'s lines and what it recovered', () => {
  it('a leader killed with everything durable: Abandon, as crashLine says, nothing cut', () => {
    const t = run();
    const last = t.steps.at(-1)!;
    const recovered = recoverServer(t.config, 's0', last.disk).state;
    const timeline = serverTimeline(t.config, { file: 's0.ndjson', node: 's0', records: records(t, t.steps.length, recovered) });
    const expected = crashLine(t.config, last.state, recovered);
    expect(expected.action).toBe('Abandon');
    expect(timeline.cut).toBe(0);
    expectSameRestart(restartOf(timeline.lines), expected, last.state);
    expect(Object.keys(restartOf(timeline.lines).vars).sort()).toEqual(['lPhase', 'lProp']);
  });

  it('a kill after the last step that persisted, before its records were written: that step and those after it are cut', () => {
    const t = run();
    // The last step of s0 that changed its disk, and the disk just before it.
    const k = t.steps.findLastIndex((s, i) => i > 0 && s.disk !== t.steps[i - 1]!.disk);
    expect(k).toBeGreaterThan(0);
    const before = t.steps[k - 1]!;
    const recovered = recoverServer(t.config, 's0', before.disk).state;
    const timeline = serverTimeline(t.config, { file: 's0.ndjson', node: 's0', records: records(t, t.steps.length, recovered) });
    const cutLines = t.steps.slice(k).reduce((n, s) => n + s.lines.length, 0);
    expect(cutLines).toBeGreaterThan(0);
    expect(timeline.cut).toBe(cutLines);
    const kept = t.steps.slice(0, k).flatMap((s) => s.lines);
    expect(timeline.lines.slice(0, -1).map(({ lc: _, ...l }) => l)).toEqual(kept);
    const expected = crashLine(t.config, before.state, recovered);
    expectSameRestart(restartOf(timeline.lines), expected, before.state);
  });

  it('a disk that lost what the lines say was durable: nothing cut that the disk disagrees with, and the restart line shows it', () => {
    const t = run();
    const last = t.steps.at(-1)!;
    // The disk kept the decisions but lost the votes: no prefix of the steps left it so.
    const lossy: DurableState = { ...last.disk, votes: SlotMap.empty() };
    const recovered = recoverServer(t.config, 's0', lossy).state;
    const timeline = serverTimeline(t.config, { file: 's0.ndjson', node: 's0', records: records(t, t.steps.length, recovered) });
    const restart = restartOf(timeline.lines);
    // A restart may not change a vote or the applied prefix: the checker rejects this line.
    expect(Object.keys(restart.vars)).toEqual(expect.arrayContaining(['vBal', 'vVal']));
    expect(timeline.cut).toBe(0);
  });
});
