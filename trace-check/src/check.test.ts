// The checker against real simulator traces: a faithful trace passes; one
// corrupted line (a changed ballot, a dropped message, a swapped value)
// fails at that very line with an explanation; a deleted line is explained
// by a hidden step when K allows it.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../../impl/src/basic/config.ts';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../../impl/src/runtime/sim/trace.ts';
import { checkTrace, type CheckReport } from './check.ts';
import { parseTrace, TraceFormatError } from './format.ts';
import { renderReport } from './render.ts';

const config = makeConfig({ proposers: ['s1', 's2', 's3'], acceptors: ['s1', 's2', 's3'], learners: ['s1', 's2', 's3'] });
const { text } = simulateToTrace({ config, seed: 7, steps: 600, faults: parseFaults('loss=0.2,dup=0.1,crash=0.01') });
const lines = text.trimEnd().split('\n');

type Line = Record<string, any>;
const parsed = (i: number): Line => JSON.parse(lines[i]!) as Line;
/** Index (0-based) of the first step line matching. */
const find = (pred: (l: Line) => boolean): number => lines.findIndex((l, i) => i > 0 && pred(JSON.parse(l) as Line));

async function check(mutated: string[], maxHidden?: number): Promise<CheckReport> {
  return checkTrace(parseTrace('t.ndjson', `${mutated.join('\n')}\n`), maxHidden === undefined ? {} : { maxHidden });
}

function corrupt(i: number, f: (l: Line) => void): string[] {
  const l = parsed(i);
  f(l);
  return lines.map((x, k) => (k === i ? JSON.stringify(l) : x));
}

describe('trace-check on simulator traces', () => {
  it('accepts a faithful trace, and reports what it checked', async () => {
    const r = await check(lines);
    expect(r.failure).toBeUndefined();
    expect(r.checked).toBe(r.steps);
    expect(r.steps).toBeGreaterThan(500);
    expect(r.actions.get('Phase2a')).toBeGreaterThan(0);
    expect(renderReport(r).join('\n')).toMatch(/every step is a step of Paxos/);
  });

  it('fails at a line whose ballot was changed, naming the false conjunct', async () => {
    const i = find((l) => l.action === 'Phase1b');
    const r = await check(corrupt(i, (l) => (l.params.b += 3)));
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/Phase1b.*(not enabled|not in Ballots)/);
  });

  it('fails at a line that dropped a message it sent, showing the difference', async () => {
    const i = find((l) => l.action === 'Phase2b');
    const dropped = corrupt(i, (l) => (l.sent = l.sent.filter((e: Line) => e.msg.type !== '2b')));
    const r = await check(dropped);
    expect(r.maxHidden).toBe(0); // the simulator's header promises a complete log
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/enabled, but the state the log claims/);
    expect(r.failure?.diagnosis.details.join('\n')).toMatch(/msgs: only the spec has \[.*type \|-> "2b"/);
    // A log that may omit steps could have voted unseen before voting
    // again; allowed one hidden step, the checker says so instead.
    const lenient = await check(dropped, 1);
    expect(lenient.failure).toBeUndefined();
    expect(lenient.hidden.map((h) => [h.beforeLine, h.steps.map((s) => s.action)])).toEqual([[i + 1, ['Phase2b']]]);
  });

  it('fails at a line whose proposed value was swapped, naming SafeToPropose', async () => {
    // A 2a after promises that report a vote: only that vote's value is safe.
    const i = find((l) => l.action === 'Phase2a' && lines.some((x) => /"mbal":\d/.test(x) && (JSON.parse(x) as Line).sent?.some((e: Line) => e.msg.type === '1b' && e.msg.bal === l.sent[0]?.msg.bal && e.msg.mbal >= 0)));
    expect(i).toBeGreaterThan(0);
    const other = (v: string) => (v.endsWith('.0') ? v.replace(/\.0$/, '.1') : v.replace(/\.1$/, '.0'));
    const r = await check(corrupt(i, (l) => {
      l.params.v = other(l.params.v);
      for (const e of l.sent) e.msg.val = l.params.v;
    }));
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/conjunct 3 of Phase2a/);
    expect(r.failure?.diagnosis.details.join('\n')).toMatch(/SafeToPropose/);
  });

  it('fails at a line that hides a change its action makes: the whole next state is asserted, not the listed entries', async () => {
    // The vote is logged without the entries it changes (maxVBal, maxVal):
    // the line then claims they kept their values, which Phase2b does not
    // allow.  Asserting only the listed entries let this pass, and the
    // engine went on from a state the log does not describe.
    const i = find((l) => l.action === 'Phase2b' && l.vars.maxVBal && Object.values(l.vars.maxVBal)[0] === l.params.b);
    const hidden = corrupt(i, (l) => {
      delete l.vars.maxVBal;
      delete l.vars.maxVal;
    });
    const r = await check(hidden, 0);
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/Phase2b.*is enabled, but the state the log claims after it is not the one the spec reaches/);
    expect(r.failure?.diagnosis.details.join('\n')).toMatch(/maxVBal\["s\d"\]: the spec \d+, the log -?\d+/);
  });

  it('fails at a step that consumed a message nobody sent', async () => {
    const i = find((l) => l.action === 'Phase2b');
    const r = await check(corrupt(i, (l) => (l.received.msg.bal += 100)), 0);
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.headline).toMatch(/consumed a message that was never sent/);
  });

  it('explains a deleted step by a hidden step when K >= 1, and not when K = 0', async () => {
    // Delete an acceptor's Phase1b whose promise the proposer then uses.
    const i = find((l) => l.action === 'Phase1b' && lines.some((x) => (JSON.parse(x) as Line).received?.msg?.type === '1b' && (JSON.parse(x) as Line).received.msg.acc === l.node && (JSON.parse(x) as Line).received.msg.bal === l.params.b));
    const without = lines.filter((_, k) => k !== i);
    const strict = await check(without, 0);
    expect(strict.failure).toBeDefined();
    const lenient = await check(without, 1);
    expect(lenient.failure).toBeUndefined();
    expect(lenient.hidden.some((h) => h.steps.some((s) => s.action === 'Phase1b'))).toBe(true);
  });

  it('fails at a stutter that changed a variable, naming the variable', async () => {
    const i = find((l) => l.action === 'Stutter' && l.vars.maxBal !== undefined);
    const r = await check(corrupt(i, (l) => {
      const [acc] = Object.keys(l.vars.maxBal);
      l.vars.maxBal[acc!] += 1;
    }));
    expect(r.failure?.failure.line).toBe(i + 1);
    expect(r.failure?.diagnosis.details.join('\n')).toMatch(/maxBal\["s\d"\]: the spec -?\d+, the log -?\d+/);
  });

  it('turns an unknown action or a missing parameter into a one-line format error', async () => {
    const i = find((l) => l.action === 'Phase1a');
    await expect(check(corrupt(i, (l) => (l.action = 'Prepare')))).rejects.toThrow(TraceFormatError);
    await expect(check(corrupt(i, (l) => (l.action = 'Prepare')))).rejects.toThrow(new RegExp(`^t.ndjson:${i + 1}: action: "Prepare" is not an action`));
    await expect(check(corrupt(i, (l) => delete l.params.b))).rejects.toThrow(new RegExp(`^t.ndjson:${i + 1}: params.b: missing`));
  });
});
