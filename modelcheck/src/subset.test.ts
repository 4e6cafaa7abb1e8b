import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSubset } from './subset.ts';
import { specDir } from './models.ts';

describe('checkSubset', () => {
  test.each(readdirSync(specDir).filter((f) => f.endsWith('.tla')))('%s stays inside the common subset', (file) => {
    expect(checkSubset(readFileSync(join(specDir, file), 'utf8'))).toEqual([]);
  });

  const cases: [string, string, number, RegExp][] = [
    ['a user module in EXTENDS', 'EXTENDS Naturals, Voting', 1, /EXTENDS Voting/],
    ['INSTANCE', 'V == INSTANCE Voting', 1, /INSTANCE is not supported/],
    ['f[x \\in S] ==', 'A == 1\nfact[n \\in S] == n', 2, /function definition/],
    ['conjunct selection', 'B == Inv!2', 1, /Inv!2/],
    ['SelectSeq without LAMBDA', 'C == SelectSeq(s, Test)', 1, /LAMBDA/],
    ['a negative operand of %', 'D == x % (-3)', 1, /negative operand/],
    ['a negative dividend of \\div', 'E == (-7) \\div 2', 1, /negative operand/],
    ['a non-ASCII character', 'F == x ≤ 3', 1, /non-ASCII/],
    ['membership in Nat', 'ASSUME N \\in Nat', 1, /treats Nat as bounded/],
  ];
  test.each(cases)('flags %s on the right line', (_, source, line, message) => {
    const problems = checkSubset(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(line);
    expect(problems[0]!.message).toMatch(message);
  });

  test('ignores what comments and strings say', () => {
    expect(checkSubset('\\* INSTANCE Foo\n(* EXTENDS Voting\n  Inv!2 *)\nA == "(*"\nB == 1')).toEqual([]);
  });
});
