// TLC's output, read by the --engine tlc path.  TLC cannot be installed on
// the machines that run these tests, so the samples below are written to
// TLC's documented plain-output format (not recorded from a run here); a
// user with TLC checks the real thing with `paxos check --engine tlc`.
import { describe, expect, test } from 'vitest';
import { findTlcJar, parseTlcOutput } from './tlc.ts';
import { parseTlcTrace } from './counterexample.ts';

const PASS = `TLC2 Version 2.18 of 20 March 2023 (rev: 3c7caa5)
Running breadth-first search Model-Checking with fp 42 and seed 1 with 1 worker on 2 cores.
Starting... (2026-11-26 12:00:00)
Computing initial states...
Finished computing initial states: 1 distinct state generated at 2026-11-26 12:00:01.
Progress(12) at 2026-11-26 12:01:00: 1,234,567 states generated (1,234,567 s/min), 345,678 distinct states found, 1,234 states left on queue.
Model checking completed. No error has been found.
  Estimates of the probability that TLC did not check all reachable states
  because two distinct states had the same fingerprint:
  calculated (optimistic):  val = 1.1E-11
51630 states generated, 15812 distinct states found, 0 states left on queue.
The depth of the complete state graph search is 20.
Finished in 04s at (2026-11-26 12:00:04)
`;

const VIOLATION = `Starting... (2026-11-26 12:00:00)
Error: Invariant Agreement is violated.
Error: The behavior up to this point is:
State 1: <Initial predicate>
/\\ msgs = {}
/\\ pBal = (0 :> -1 @@ 1 :> -1)

State 2: <Phase1a line 181, col 5 to line 186, col 42 of module Paxos>
/\\ msgs = { [type |-> "1a", bal |-> 0],
  [type |-> "request", val |-> v1] }
/\\ pBal = (0 :> 0 @@ 1 :> -1)

7613 states generated, 2345 distinct states found, 12 states left on queue.
The depth of the complete state graph search is 11.
`;

describe('parseTlcOutput', () => {
  test('a completed run: distinct states and depth from the final lines, not the progress lines', () => {
    expect(parseTlcOutput(PASS)).toEqual({ completed: true, distinct: 15812, depth: 20 });
  });

  test('an invariant violation', () => {
    expect(parseTlcOutput(VIOLATION).violated).toEqual({ kind: 'invariant', name: 'Agreement' });
  });

  test('a deadlock', () => {
    expect(parseTlcOutput('Error: Deadlock reached.\n').violated).toEqual({ kind: 'deadlock' });
  });

  test('any other failure keeps TLC’s message', () => {
    expect(parseTlcOutput('Error: TLC threw an unexpected exception.\n').violated).toEqual({
      kind: 'error',
      message: 'TLC threw an unexpected exception.',
    });
  });
});

describe('parseTlcTrace', () => {
  test('reads states, action names and values wrapped over several lines', () => {
    const states = parseTlcTrace(VIOLATION);
    expect(states.map((s) => s.action)).toEqual(['Init', 'Phase1a']);
    const msgs = states[1]!.vars.find(([k]) => k === 'msgs')![1];
    expect(msgs.kind === 'set' && msgs.elements.length).toBe(2);
  });
});

test('findTlcJar finds nothing when no jar is configured', () => {
  expect(findTlcJar({ TLA2TOOLS_JAR: '/nonexistent/tla2tools.jar' })).toBeNull();
});
