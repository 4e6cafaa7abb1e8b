// The moment a value is chosen: the first step after which a quorum of
// acceptors has voted (Phase2b) for one value in one ballot - the spec's
// Chosen, with the quorums the trace's header gives.  Nobody in the run
// knows it at that moment; the chart shows it because it is the fact the
// learners later discover.  A second value chosen later is Agreement
// broken (a buggy run): it is reported too, it is the point of the chart.
import type { TraceValue } from '../../trace-check/src/format.ts';
import type { Entry } from './entries.ts';

export interface ChosenAt {
  /** The step line of the vote that completed the quorum. */
  readonly line: number;
  readonly ballot: TraceValue;
  readonly value: TraceValue;
  /** The acceptors that had voted for it in that ballot by then. */
  readonly voters: readonly string[];
}

export type QuorumTest = (voters: ReadonlySet<string>) => boolean;

/** The quorums of the header's constants; without them, majorities of the acceptors. */
export function quorumTest(constants: Readonly<Record<string, TraceValue>>): QuorumTest {
  const q = constants.Quorums;
  if (Array.isArray(q) && q.length > 0 && q.every((s) => Array.isArray(s) && s.length > 0)) {
    const sets = q.map((s) => (s as TraceValue[]).filter((a): a is string => typeof a === 'string'));
    return (voters) => sets.some((set) => set.every((a) => voters.has(a)));
  }
  const acceptors = Array.isArray(constants.Acceptors) ? constants.Acceptors.filter((a): a is string => typeof a === 'string') : [];
  return (voters) => acceptors.length > 0 && 2 * acceptors.filter((a) => voters.has(a)).length > acceptors.length;
}

/** A vote as the step claims it: Phase2b(a, b, v), or the 2b it sent when params are missing. */
function voteOf(e: Entry): { a: string; b: TraceValue; v: TraceValue } | null {
  if (e.kind !== 'step' || e.step.action !== 'Phase2b') return null;
  const p = e.step.params;
  const sent = e.step.sent.find((s) => s.msg.type === '2b')?.msg;
  const a = typeof p.a === 'string' ? p.a : typeof sent?.acc === 'string' ? sent.acc : e.step.node;
  const b = p.b ?? sent?.bal;
  const v = p.v ?? sent?.val;
  return b === undefined || v === undefined ? null : { a, b, v };
}

/** The first moment each distinct value is chosen, in order: one entry in a correct run. */
export function findChosen(entries: readonly Entry[], isQuorum: QuorumTest): ChosenAt[] {
  const votes = new Map<string, Set<string>>();
  const out: ChosenAt[] = [];
  const values = new Set<string>();
  for (const e of entries) {
    const vote = voteOf(e);
    if (!vote) continue;
    const key = JSON.stringify([vote.b, vote.v]);
    let voters = votes.get(key);
    if (!voters) votes.set(key, (voters = new Set()));
    voters.add(vote.a);
    const value = JSON.stringify(vote.v);
    if (!values.has(value) && isQuorum(voters)) {
      values.add(value);
      out.push({ line: e.line, ballot: vote.b, value: vote.v, voters: [...voters].sort() });
    }
  }
  return out;
}
