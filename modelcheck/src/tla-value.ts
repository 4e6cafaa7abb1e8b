// TLA+ values as the model checkers print them in counterexamples, parsed
// into a tree so that two states can be compared variable by variable and a
// set-valued variable (the network) shown as the messages added or removed.
// Both engines' spellings are read: TLC's (TRUE, `[f |-> v]`,
// `(k :> v @@ ...)`) and the embedded engine's (which prints `true`).

export type TlaValue =
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'model'; name: string }
  | { kind: 'set'; elements: TlaValue[] }
  | { kind: 'tuple'; elements: TlaValue[] }
  | { kind: 'record'; fields: [string, TlaValue][] }
  | { kind: 'function'; pairs: [TlaValue, TlaValue][] };

export class TlaValueSyntaxError extends Error {}

export function parseTlaValue(text: string): TlaValue {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const expect = (s: string) => {
    skip();
    if (!text.startsWith(s, i)) throw new TlaValueSyntaxError(`expected '${s}' at offset ${i} of ${text.slice(0, 80)}`);
    i += s.length;
  };
  const at = (s: string) => {
    skip();
    return text.startsWith(s, i);
  };
  const list = <T>(close: string, item: () => T): T[] => {
    const items: T[] = [];
    if (at(close)) {
      i += close.length;
      return items;
    }
    for (;;) {
      items.push(item());
      if (at(',')) {
        i++;
        continue;
      }
      expect(close);
      return items;
    }
  };
  const value = (): TlaValue => {
    skip();
    if (at('<<')) {
      i += 2;
      return { kind: 'tuple', elements: list('>>', value) };
    }
    if (at('{')) {
      i++;
      return { kind: 'set', elements: list('}', value) };
    }
    if (at('[')) {
      i++;
      return {
        kind: 'record',
        fields: list(']', () => {
          const name = identifier();
          expect('|->');
          return [name, value()] as [string, TlaValue];
        }),
      };
    }
    if (at('(')) {
      i++;
      const pairs: [TlaValue, TlaValue][] = [];
      for (;;) {
        const k = value();
        expect(':>');
        pairs.push([k, value()]);
        if (at('@@')) {
          i += 2;
          continue;
        }
        expect(')');
        return { kind: 'function', pairs };
      }
    }
    if (at('"')) {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(text.slice(i));
      if (!m) throw new TlaValueSyntaxError(`unterminated string at offset ${i}`);
      i += m[0].length;
      return { kind: 'string', value: JSON.parse(m[0]) as string };
    }
    const num = /^-?\d+/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return { kind: 'int', value: Number(num[0]) };
    }
    const name = identifier();
    if (name === 'TRUE' || name === 'true') return { kind: 'bool', value: true };
    if (name === 'FALSE' || name === 'false') return { kind: 'bool', value: false };
    return { kind: 'model', name };
  };
  const identifier = (): string => {
    skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) throw new TlaValueSyntaxError(`expected a value at offset ${i} of ${text.slice(0, 80)}`);
    i += m[0].length;
    return m[0];
  };
  const v = value();
  skip();
  if (i !== text.length) throw new TlaValueSyntaxError(`unexpected text after a value at offset ${i}`);
  return v;
}

/** TLA+ text of a value, in TLC's spelling. */
export function showTla(v: TlaValue): string {
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'string':
      return JSON.stringify(v.value);
    case 'bool':
      return v.value ? 'TRUE' : 'FALSE';
    case 'model':
      return v.name;
    case 'set':
      return `{${v.elements.map(showTla).join(', ')}}`;
    case 'tuple':
      return `<<${v.elements.map(showTla).join(', ')}>>`;
    case 'record':
      return `[${messageOrder(v.fields).map(([k, x]) => `${k} |-> ${showTla(x)}`).join(', ')}]`;
    case 'function':
      return `(${v.pairs.map(([k, x]) => `${showTla(k)} :> ${showTla(x)}`).join(' @@ ')})`;
  }
}

// Engines print record fields in alphabetical order; a message reads better
// with its type first.
function messageOrder(fields: [string, TlaValue][]): [string, TlaValue][] {
  return [...fields.filter(([k]) => k === 'type'), ...fields.filter(([k]) => k !== 'type')];
}

/**
 * Like showTla, but a set or function too long for one line is written one
 * element per line (with `indent` before each continuation line).
 */
export function showTlaPretty(v: TlaValue, indent: string, width = 100): string {
  const flat = showTla(v);
  if (flat.length + indent.length <= width) return flat;
  const inner = `${indent}  `;
  if (v.kind === 'set' && v.elements.length > 1) {
    return `{ ${v.elements.map((e) => showTlaPretty(e, inner, width)).join(`,\n${inner}`)} }`;
  }
  if (v.kind === 'function' && v.pairs.length > 1) {
    return `( ${v.pairs.map(([k, x]) => `${showTla(k)} :> ${showTlaPretty(x, inner, width)}`).join(`\n${inner}@@ `)} )`;
  }
  return flat;
}

/** A string that is equal for equal values (set order, field order ignored). */
export function canonical(v: TlaValue): string {
  switch (v.kind) {
    case 'set':
      return `{${v.elements.map(canonical).sort().join(',')}}`;
    case 'tuple':
      return `<<${v.elements.map(canonical).join(',')}>>`;
    case 'record':
      return `[${v.fields.map(([k, x]) => `${k}|->${canonical(x)}`).sort().join(',')}]`;
    case 'function':
      return `(${v.pairs.map(([k, x]) => `${canonical(k)}:>${canonical(x)}`).sort().join('@@')})`;
    default:
      return showTla(v);
  }
}

export type VariableChange =
  | { kind: 'set'; added: TlaValue[]; removed: TlaValue[] }
  | { kind: 'entries'; changed: { key: string; before: TlaValue | undefined; after: TlaValue | undefined }[] }
  | { kind: 'whole'; before: TlaValue; after: TlaValue };

/** How a variable's value changed from one state to the next, or null if it did not. */
export function diffValues(before: TlaValue, after: TlaValue): VariableChange | null {
  if (canonical(before) === canonical(after)) return null;
  if (before.kind === 'set' && after.kind === 'set') {
    const was = new Set(before.elements.map(canonical));
    const is = new Set(after.elements.map(canonical));
    return {
      kind: 'set',
      added: after.elements.filter((e) => !was.has(canonical(e))),
      removed: before.elements.filter((e) => !is.has(canonical(e))),
    };
  }
  const entries = (v: TlaValue): Map<string, TlaValue> | null => {
    if (v.kind === 'function') return new Map(v.pairs.map(([k, x]) => [showTla(k), x]));
    if (v.kind === 'record') return new Map(v.fields);
    return null;
  };
  const b = entries(before);
  const a = entries(after);
  if (b && a) {
    const keys = [...new Set([...b.keys(), ...a.keys()])];
    const changed = keys
      .filter((k) => {
        const x = b.get(k);
        const y = a.get(k);
        return !x || !y || canonical(x) !== canonical(y);
      })
      .map((key) => ({ key, before: b.get(key), after: a.get(key) }));
    return { kind: 'entries', changed };
  }
  return { kind: 'whole', before, after };
}
