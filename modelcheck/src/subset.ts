// Checks a spec against the rules of the common subset (DESIGN.md) that can
// be checked by reading the text.  Each rule guards against an input on
// which the embedded engine is known to give a silently wrong answer or to
// fail; breaking one is an error naming the line.  The layout rules (LET and
// IF bodies inside disjunctions) cannot be checked this way: the pinned
// state counts are the guard there.

export interface SubsetProblem {
  line: number;
  column: number;
  message: string;
}

const STANDARD_MODULES = new Set(['Naturals', 'Integers', 'Sequences', 'FiniteSets', 'TLC']);

/** The text with comments blanked out (kept the same length, so positions hold). */
function withoutComments(source: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const two = source.slice(i, i + 2);
    if (depth === 0 && two === '\\*') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else if (two === '(*') {
      depth++;
      out += '  ';
      i++;
    } else if (depth > 0 && two === '*)') {
      depth--;
      out += '  ';
      i++;
    } else if (depth === 0 && source[i] === '"') {
      // Strings are kept, but a comment marker inside one must not count.
      const end = source.indexOf('"', i + 1);
      const stop = end < 0 ? source.length : end + 1;
      out += source.slice(i, stop);
      i = stop - 1;
    } else out += depth > 0 && source[i] !== '\n' ? ' ' : source[i];
  }
  return out;
}

export function checkSubset(source: string): SubsetProblem[] {
  const problems: SubsetProblem[] = [];
  const lines = source.split('\n');
  lines.forEach((text, i) => {
    // The embedded engine reports errors at byte offsets; we turn them into
    // line and column by counting characters, which is exact only for ASCII.
    const nonAscii = /[^\x00-\x7f]/.exec(text);
    if (nonAscii) problems.push({ line: i + 1, column: nonAscii.index + 1, message: `non-ASCII character '${nonAscii[0]}' (keep specs ASCII)` });
  });
  const code = withoutComments(source);
  const at = (index: number) => {
    const before = code.slice(0, index).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  const rules: [RegExp, (m: RegExpExecArray) => string | null][] = [
    [
      /\bEXTENDS\b([^\n]*)/g,
      (m) => {
        const others = m[1]!.split(',').map((s) => s.trim()).filter((s) => s && !STANDARD_MODULES.has(s));
        return others.length ? `EXTENDS ${others.join(', ')}: the embedded engine silently ignores modules other than ${[...STANDARD_MODULES].join(', ')}` : null;
      },
    ],
    [/\bINSTANCE\b/g, () => 'INSTANCE is not supported by the embedded engine; keep each spec one self-contained module'],
    [/^\s*[A-Za-z_]\w*\s*\[[^\]]*\\in[^\]]*\]\s*==/gm, () => 'a function definition f[x \\in S] == ... fails to parse in the embedded engine; write f == [x \\in S |-> ...]'],
    [/\b[A-Za-z_]\w*!\d+\b/g, (m) => `${m[0]}: selecting a conjunct by number is silently mis-read by the embedded engine; name the conjunct`],
    [/\bSelectSeq\s*\((?![^)]*LAMBDA)/g, () => 'SelectSeq needs a LAMBDA test in the embedded engine'],
    // Measured on tla-checker 0.9.0: 100 \in Nat is TRUE but 101 \in Nat is
    // FALSE (the same for Int), so a type invariant or ASSUME written this
    // way fails, or a guard is silently false, once a number passes 100.
    [/\\in\s+(Nat|Int)\b/g, (m) => `\\in ${m[1]}: the embedded engine treats ${m[1]} as bounded (101 \\in Nat is FALSE); compare with 0 instead`],
    [/(\\div|%)\s*\(?\s*-\s*\d/g, () => 'a negative operand of \\div or % gives different results in the two engines'],
    [/\(\s*-\s*\d+\s*\)\s*(\\div|%)/g, () => 'a negative operand of \\div or % gives different results in the two engines'],
  ];
  for (const [re, message] of rules) {
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const text = message(m);
      if (text) problems.push({ ...at(m.index + (m[0].length - m[0].trimStart().length)), message: text });
    }
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
