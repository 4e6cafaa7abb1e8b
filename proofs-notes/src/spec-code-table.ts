// The spec <-> code table of proofs-notes/spec-to-code.md, read as data:
// one row per spec action or variable, naming the file, the functions or
// fields that implement it, and a test.  The test beside this file holds
// the table to the specs' text and to the code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpecModule } from '../../trace-check/src/spec-module.ts';

export interface TableRow {
  readonly line: number;
  readonly spec: string;
  readonly kind: 'action' | 'variable';
  readonly name: string;
  readonly file: string;
  /** "name()" for a function, "name" for a field or property. */
  readonly code: readonly string[];
  readonly test: string;
}

export function parseTable(markdown: string): TableRow[] {
  const rows: TableRow[] = [];
  markdown.split('\n').forEach((text, i) => {
    const cells = text.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 6 || cells[0] === 'spec' || /^-+$/.test(cells[0]!)) return;
    const [spec, kind, name, file, code, test] = cells as [string, string, string, string, string, string];
    if (kind !== 'action' && kind !== 'variable') throw new Error(`spec-to-code.md:${i + 1}: kind must be action or variable, found '${kind}'`);
    rows.push({ line: i + 1, spec, kind, name, file, code: code.split(',').map((c) => c.trim()).filter((c) => c !== ''), test });
  });
  return rows;
}

/** What a spec asks the table to cover: the actions Next calls, and the variables. */
export function specItems(specText: string): { actions: string[]; variables: string[] } {
  const m = parseSpecModule(specText);
  return { actions: [...m.actions.keys()], variables: [...m.variables] };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Problems with one row's references to the code, relative to the repository root. */
export function rowProblems(root: string, row: TableRow): string[] {
  const where = `spec-to-code.md:${row.line} (${row.spec} ${row.name})`;
  const problems: string[] = [];
  const file = join(root, row.file);
  if (!existsSync(file)) return [`${where}: no file ${row.file}`];
  const source = readFileSync(file, 'utf8');
  if (row.code.length === 0) problems.push(`${where}: names no function or field`);
  for (const c of row.code) {
    const fn = /^(\w+)\(\)$/.exec(c);
    const found = fn
      ? new RegExp(`\\bfunction\\s+${escape(fn[1]!)}\\s*[(<]|\\b(?:const|let)\\s+${escape(fn[1]!)}\\s*=`).test(source)
      : new RegExp(`\\b${escape(c)}\\??\\s*:`).test(source);
    if (!found) problems.push(`${where}: ${fn ? `no function ${fn[1]}` : `no field ${c}`} in ${row.file}`);
  }
  if (!row.test.endsWith('.test.ts') || !existsSync(join(root, row.test))) problems.push(`${where}: no test file ${row.test}`);
  return problems;
}
