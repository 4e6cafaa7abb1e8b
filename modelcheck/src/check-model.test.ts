// checkModel on tiny specs written to a temporary directory: every outcome
// the CLI reports (pass, pinned counts, violation with named actions,
// deadlock, parse error located in the file, false ASSUME, timeout).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkModel } from './check-model.ts';
import { loadModel } from './models.ts';
import { renderCounterexample } from './counterexample.ts';

const SPEC = `---- MODULE Tiny ----
EXTENDS Naturals
CONSTANTS Limit
VARIABLES x, y
ASSUME LimitIsNat == Limit >= 0
Init == x = 0 /\\ y = {}
IncX == x < Limit /\\ x' = x + 1 /\\ y' = y
AddY == y = {} /\\ y' = {x} /\\ UNCHANGED x
Next == IncX \\/ AddY
Small == x + Limit < 2 * Limit
Bounded == x =< Limit
====
`;

function tinyModel(opts: { spec?: string; limit?: string; invariants?: string; header?: string; deadlock?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'paxos-check-'));
  mkdirSync(join(root, 'models'));
  writeFileSync(join(root, 'Tiny.tla'), opts.spec ?? SPEC);
  const cfg = `${opts.header ?? ''}CONSTANTS\n  Limit = ${opts.limit ?? '3'}\nINIT Init\nNEXT Next\nINVARIANTS ${opts.invariants ?? 'Bounded'}\nCHECK_DEADLOCK ${opts.deadlock ? 'TRUE' : 'FALSE'}\n`;
  writeFileSync(join(root, 'models', 'Tiny.t.cfg'), cfg);
  return loadModel(join(root, 'models', 'Tiny.t.cfg'));
}

describe('checkModel with the embedded engine', () => {
  test('reports distinct states and the exact depth, and matches correct pins', async () => {
    // x in 0..3, y empty or {x at the time}: 4 + 4*4... computed by hand:
    // states (x, y) with y = {} (4) or y = {k} with k =< x (1+2+3+4 = 10).
    const model = tinyModel({ header: '\\* expected distinct states: 14\n\\* expected depth: 5\n' });
    const report = await checkModel(model, 'embedded');
    expect(report.outcome).toBe('ok');
    expect(report.distinct).toBe(14);
    // Longest shortest path: x 0..3 (4 states) then AddY: 5 states.
    expect(report.depth).toEqual({ value: 5, exact: true });
    expect(report.pinProblems).toEqual([]);
  });

  test('a moved count or depth is reported against the pin', async () => {
    const model = tinyModel({ header: '\\* expected distinct states: 13\n\\* expected depth: 6\n' });
    const report = await checkModel(model, 'embedded');
    expect(report.pinProblems.join('\n')).toMatch(/14 distinct states, but .*Tiny\.t\.cfg pins 13/);
    expect(report.pinProblems.join('\n')).toMatch(/depth 5, but .*pins 6/);
  });

  test('a missing pin is a problem too', async () => {
    const report = await checkModel(tinyModel(), 'embedded');
    expect(report.pinProblems.join('\n')).toMatch(/pins no distinct-state count/);
  });

  test('an invariant violation comes with a shortest counterexample whose steps are named', async () => {
    const report = await checkModel(tinyModel({ invariants: 'Bounded Small' }), 'embedded');
    expect(report.outcome).toBe('violation');
    expect(report.violation!.property).toBe('Small');
    const states = report.violation!.states;
    expect(states.map((s) => s.action)).toEqual(['Init', 'IncX', 'IncX', 'IncX']);
    expect(states.at(-1)!.vars).toContainEqual(['x', { kind: 'int', value: 3 }]);
    const text = renderCounterexample(states, { color: false });
    expect(text).toMatch(/4 {2}IncX\n {6}x {2}2 -> 3\n {6}unchanged: y/);
  });

  test('a deadlock is reported when the model checks for it', async () => {
    const report = await checkModel(tinyModel({ deadlock: true }), 'embedded');
    expect(report.outcome).toBe('violation');
    expect(report.violation!.property).toBe('deadlock');
  });

  test('a parse error names the file, line and column', async () => {
    const broken = SPEC.replace('VARIABLES x, y', 'VARIABLES x y');
    const report = await checkModel(tinyModel({ spec: broken }), 'embedded');
    expect(report.outcome).toBe('error');
    expect(report.error).toMatch(/parse error: .*Tiny\.tla:5:1: unexpected `ASSUME`/);
  });

  test('a definition the engine skipped for a syntax error is named, though nothing uses it', async () => {
    const report = await checkModel(tinyModel({ spec: SPEC.replace('====\n', 'Unused == x = = 1\n====\n') }), 'embedded');
    expect(report.outcome).toBe('error');
    expect(report.error).toMatch(/could not read this definition .*Tiny\.tla:12: Unused/);
  });

  test('an ASSUME that does not hold is an error, not a pass', async () => {
    const report = await checkModel(tinyModel({ limit: '-1' }), 'embedded');
    expect(report.outcome).toBe('error');
    expect(report.error).toMatch(/ASSUME of Tiny does not hold/);
  });

  test('a spec outside the common subset is refused before checking', async () => {
    const report = await checkModel(tinyModel({ spec: SPEC.replace('EXTENDS Naturals', 'EXTENDS Naturals, Voting') }), 'embedded');
    expect(report.outcome).toBe('error');
    expect(report.error).toMatch(/Tiny\.tla:2:1: EXTENDS Voting/);
  });

  test('a timeout stops the engine', async () => {
    const report = await checkModel(tinyModel({ limit: '100000000' }), 'embedded', { timeoutMs: 1500 });
    expect(report.outcome).toBe('error');
    expect(report.error).toMatch(/timed out/);
  });
});
