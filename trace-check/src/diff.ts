// Two spec states compared variable by variable, as people want to read
// it: messages added to or missing from the set, function entries that
// differ, whole values otherwise.
import { canonical, fnPairs, showValue, type EngineState, type EngineValue } from './values.ts';

export function diffValue(name: string, a: EngineValue, b: EngineValue, labels: [string, string] = ['before', 'after']): string[] {
  if (canonical(a) === canonical(b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = new Set(a.map(canonical));
    const kb = new Set(b.map(canonical));
    return [
      ...b.filter((x) => !ka.has(canonical(x))).map((x) => `${name}: only ${labels[1]} has ${showValue(x)}`),
      ...a.filter((x) => !kb.has(canonical(x))).map((x) => `${name}: only ${labels[0]} has ${showValue(x)}`),
    ];
  }
  const pa = fnPairs(a);
  const pb = fnPairs(b);
  if (pa && pb) {
    const out: string[] = [];
    const mb = new Map(pb.map(([k, x]) => [canonical(k), x]));
    for (const [k, x] of pa) {
      const y = mb.get(canonical(k));
      if (y === undefined) out.push(`${name}[${showValue(k)}]: only in ${labels[0]}`);
      else if (canonical(x) !== canonical(y)) out.push(`${name}[${showValue(k)}]: ${labels[0]} ${showValue(x)}, ${labels[1]} ${showValue(y)}`);
    }
    return out;
  }
  return [`${name}: ${labels[0]} ${showValue(a)}, ${labels[1]} ${showValue(b)}`];
}

export function diffStates(a: EngineState, b: EngineState, labels: [string, string] = ['before', 'after']): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return names.flatMap((n) => {
    const x = a[n];
    const y = b[n];
    if (x === undefined || y === undefined) return [`${n}: missing from ${x === undefined ? labels[0] : labels[1]}`];
    return diffValue(n, x, y, labels);
  });
}
