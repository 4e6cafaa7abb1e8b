// The chosen moment: the first vote after which a quorum of the header's
// quorums has voted for one value in one ballot - not votes for one value
// spread over ballots, nor a majority where the quorums are weighted.
import { describe, expect, test } from 'vitest';
import type { TraceValue } from '../../trace-check/src/format.ts';
import { findChosen, quorumTest } from './chosen.ts';
import { parseRun } from './entries.ts';

function chosenIn(constants: Record<string, TraceValue>, votes: [string, number, string][]) {
  const header = JSON.stringify({ format: 'paxos-ref/trace', version: 1, spec: 'Paxos', constants });
  const lines = votes.map(([a, b, v], i) => JSON.stringify({ seq: i + 1, node: a, action: 'Phase2b', params: { a, b, v }, sent: [{ to: 's1', msg: { type: '2b', acc: a, bal: b, val: v } }], vars: {} }));
  const run = parseRun('t.ndjson', `${[header, ...lines].join('\n')}\n`);
  return findChosen(run.entries, quorumTest(run.trace.header.constants));
}

const three = { Acceptors: ['s1', 's2', 's3'], Quorums: [['s1', 's2'], ['s1', 's3'], ['s2', 's3'], ['s1', 's2', 's3']] };

describe('the chosen moment', () => {
  test('a quorum in one ballot; votes for the value in other ballots do not count', () => {
    const c = chosenIn(three, [['s1', 1, 'x'], ['s2', 2, 'x'], ['s3', 1, 'x']]);
    expect(c).toEqual([{ line: 4, ballot: 1, value: 'x', voters: ['s1', 's3'] }]);
  });

  test('split votes choose nothing', () => {
    expect(chosenIn(three, [['s1', 1, 'x'], ['s2', 1, 'y'], ['s3', 2, 'x']])).toEqual([]);
  });

  test('the same value chosen again in a later ballot is not a new moment; another value is (Agreement broken)', () => {
    const votes: [string, number, string][] = [['s1', 1, 'x'], ['s2', 1, 'x'], ['s1', 2, 'x'], ['s3', 2, 'x'], ['s2', 3, 'y'], ['s3', 3, 'y']];
    expect(chosenIn(three, votes).map((c) => [c.line, c.value])).toEqual([[3, 'x'], [7, 'y']]);
  });

  test('weighted quorums as the header lists them: s1 alone is a quorum', () => {
    const weighted = { Acceptors: ['s1', 's2', 's3'], Quorums: [['s1'], ['s1', 's2'], ['s1', 's3'], ['s2', 's3'], ['s1', 's2', 's3']] };
    expect(chosenIn(weighted, [['s2', 1, 'x'], ['s1', 3, 'y']])[0]?.line).toBe(3);
  });

  test('without Quorums in the header, majorities of the acceptors', () => {
    const c = chosenIn({ Acceptors: ['a1', 'a2', 'a3'] }, [['a1', 1, 'x'], ['a2', 1, 'x']]);
    expect(c[0]?.line).toBe(3);
  });
});
