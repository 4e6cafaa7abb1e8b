// The spec <-> code table covers every action and variable of each covered
// spec, and every function, field and test it names exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../modelcheck/src/models.ts';
import { parseTable, rowProblems, specItems, type TableRow } from './spec-code-table.ts';

/** The specs the table covers. */
const COVERED = ['Paxos', 'MultiPaxos'];

const tableText = readFileSync(join(repoRoot, 'proofs-notes', 'spec-to-code.md'), 'utf8');
const rows = parseTable(tableText);

function missing(spec: string, table: readonly TableRow[]): string[] {
  const { actions, variables } = specItems(readFileSync(join(repoRoot, 'spec', `${spec}.tla`), 'utf8'));
  const has = (kind: string, name: string) => table.some((r) => r.spec === spec && r.kind === kind && r.name === name);
  return [...actions.filter((a) => !has('action', a)).map((a) => `action ${a}`), ...variables.filter((v) => !has('variable', v)).map((v) => `variable ${v}`)];
}

describe.each(COVERED)('the table for spec/%s.tla', (spec) => {
  test('has a row for every action of Next and every variable', () => {
    expect(missing(spec, rows)).toEqual([]);
  });

  test('names no action or variable the spec does not have', () => {
    const { actions, variables } = specItems(readFileSync(join(repoRoot, 'spec', `${spec}.tla`), 'utf8'));
    const extra = rows.filter((r) => r.spec === spec && !(r.kind === 'action' ? actions : variables).includes(r.name));
    expect(extra.map((r) => `${r.kind} ${r.name}`)).toEqual([]);
  });

  test('names functions, fields and tests that exist', () => {
    expect(rows.filter((r) => r.spec === spec).flatMap((r) => rowProblems(repoRoot, r))).toEqual([]);
  });

  test('removing a row is noticed', () => {
    for (const victim of rows.filter((r) => r.spec === spec)) {
      expect(missing(spec, rows.filter((r) => r !== victim))).toEqual([`${victim.kind} ${victim.name}`]);
    }
  });
});

describe('the table', () => {
  test('covers only specs in the covered list, and each of them', () => {
    expect([...new Set(rows.map((r) => r.spec))].sort()).toEqual([...COVERED].sort());
  });

  test('catches a function that does not exist, a missing test file and a missing file', () => {
    const row = rows.find((r) => r.kind === 'action')!;
    expect(rowProblems(repoRoot, { ...row, code: ['noSuchFunction()'] })).toHaveLength(1);
    expect(rowProblems(repoRoot, { ...row, test: 'impl/src/basic/nothing.test.ts' })).toHaveLength(1);
    expect(rowProblems(repoRoot, { ...row, file: 'impl/src/basic/nothing.ts' })).toHaveLength(1);
  });
});
