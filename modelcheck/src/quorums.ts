// A model states the rule its Quorums constant follows ("quorums: majority"
// or "quorums: weights a1=2 a2=1 a3=1" in its header); this checks that the
// sets written in the cfg are exactly the ones the rule gives, so that the
// weights an auditor reads are the weights the model checker used.
import { type CfgValue, showCfgValue } from './cfg.ts';

function names(v: CfgValue | undefined, what: string): string[] {
  if (!v || v.kind !== 'set') throw new Error(`${what} must be a set`);
  return v.elements.map((e) => {
    // Servers numbered 0 .. NumServers - 1 (MultiPaxos.tla) are named by their number.
    if (e.kind === 'int') return String(e.value);
    if (e.kind !== 'model') throw new Error(`${what} must be a set of model values, found ${showCfgValue(e)}`);
    return e.name;
  });
}

/** The weight of each acceptor under a rule; every acceptor weighs 1 under "majority". */
export function weightsOf(rule: string, acceptors: string[]): Map<string, number> {
  if (rule === 'majority') return new Map(acceptors.map((a) => [a, 1]));
  const m = /^weights\s+(.*)$/.exec(rule);
  if (!m) throw new Error(`unknown quorum rule '${rule}' (expected 'majority' or 'weights a1=2 a2=1 ...')`);
  const weights = new Map<string, number>();
  for (const part of m[1]!.trim().split(/\s+/)) {
    const w = /^(\w+)=(\d+)$/.exec(part);
    if (!w) throw new Error(`bad weight '${part}' in quorum rule (expected name=number)`);
    weights.set(w[1]!, Number(w[2]));
  }
  const missing = acceptors.filter((a) => !weights.has(a));
  const extra = [...weights.keys()].filter((a) => !acceptors.includes(a));
  if (missing.length || extra.length) {
    throw new Error(`quorum weights must name exactly the acceptors (missing: ${missing.join(' ') || 'none'}; unknown: ${extra.join(' ') || 'none'})`);
  }
  return weights;
}

/** Every set of acceptors holding more than half of the total weight. */
export function quorumsByWeight(weights: Map<string, number>): string[][] {
  const acceptors = [...weights.keys()].sort();
  const total = [...weights.values()].reduce((s, w) => s + w, 0);
  const result: string[][] = [];
  for (let mask = 1; mask < 1 << acceptors.length; mask++) {
    const q = acceptors.filter((_, i) => mask & (1 << i));
    if (2 * q.reduce((s, a) => s + weights.get(a)!, 0) > total) result.push(q);
  }
  return result;
}

const setKey = (q: string[]) => [...q].sort().join(',');

/** Problems with a model's Quorums constant under its stated rule; empty when it matches. */
export function checkQuorumRule(rule: string, constants: Map<string, CfgValue>): string[] {
  try {
    const servers = constants.get('NumServers');
    const acceptors =
      !constants.has('Acceptors') && servers?.kind === 'int'
        ? Array.from({ length: servers.value }, (_, i) => String(i))
        : names(constants.get('Acceptors'), 'Acceptors');
    const quorumsValue = constants.get('Quorums');
    if (!quorumsValue || quorumsValue.kind !== 'set') return ['Quorums must be a set of sets of acceptors'];
    const written = new Set(quorumsValue.elements.map((q) => setKey(names(q, 'each quorum'))));
    const expected = new Set(quorumsByWeight(weightsOf(rule, acceptors)).map(setKey));
    const missing = [...expected].filter((q) => !written.has(q));
    const extra = [...written].filter((q) => !expected.has(q));
    const problems: string[] = [];
    if (missing.length) problems.push(`Quorums lacks {${missing.join('} {')}} required by '${rule}'`);
    if (extra.length) problems.push(`Quorums has {${extra.join('} {')}} not allowed by '${rule}'`);
    return problems;
  } catch (e) {
    return [(e as Error).message];
  }
}
