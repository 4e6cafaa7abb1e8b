// The moment each slot's entry is chosen in a Multi-Paxos run: the first
// Phase2b after which a quorum (the header's Quorums, server numbers) has
// voted for one entry in one slot and one ballot - the spec's ChosenAt.
// A batch's votes can complete several slots on one line: one mark names
// them all.  A second, different entry chosen in a slot is SlotAgreement
// broken, marked in red.
import type { TraceHeader, TraceValue } from '../../trace-check/src/format.ts';
import type { Entry } from './entries.ts';
import { canonical } from './messages.ts';
import { entryText } from './multi-messages.ts';
import { showValue } from './palette.ts';
import type { ChosenMark } from './protocol.ts';

export interface SlotChosen {
  readonly line: number;
  readonly slot: number;
  readonly ballot: TraceValue;
  readonly entry: TraceValue;
  /** Server numbers that had voted for it in that ballot by then. */
  readonly voters: readonly number[];
  /** A different entry than the one chosen before in this slot. */
  readonly conflict: boolean;
}

const numbers = (x: unknown): number[] => (Array.isArray(x) ? x.filter((n): n is number => typeof n === 'number') : []);

/** The header's quorums of server numbers; without them, majorities of NumServers. */
export function multiQuorum(constants: TraceHeader['constants']): (voters: ReadonlySet<number>) => boolean {
  const qs = Array.isArray(constants.Quorums) ? constants.Quorums.map(numbers).filter((q) => q.length > 0) : [];
  if (qs.length > 0) return (v) => qs.some((q) => q.every((a) => v.has(a)));
  const n = typeof constants.NumServers === 'number' ? constants.NumServers : 0;
  return (v) => n > 0 && 2 * v.size > n;
}

export function findSlotsChosen(entries: readonly Entry[], header: TraceHeader): SlotChosen[] {
  const isQuorum = multiQuorum(header.constants);
  const votes = new Map<string, Set<number>>();
  const chosen = new Map<number, string>();
  const out: SlotChosen[] = [];
  for (const e of entries) {
    if (e.kind !== 'step' || e.step.action !== 'Phase2b') continue;
    const { a, m } = e.step.params;
    if (typeof a !== 'number' || typeof m !== 'object' || m === null || Array.isArray(m)) continue;
    const { bal, slot, entry } = m;
    if (typeof slot !== 'number' || bal === undefined || entry === undefined) continue;
    const key = canonical([bal, slot, entry]);
    const voters = votes.get(key) ?? votes.set(key, new Set()).get(key)!;
    voters.add(a);
    const what = canonical(entry);
    const before = chosen.get(slot);
    if (before === what || !isQuorum(voters)) continue;
    chosen.set(slot, before ?? what);
    out.push({ line: e.line, slot, ballot: bal, entry, voters: [...voters].sort((x, y) => x - y), conflict: before !== undefined });
  }
  return out;
}

/** "1, 2, 5–8". */
function ranges(slots: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < slots.length; ) {
    let j = i;
    while (j + 1 < slots.length && slots[j + 1] === slots[j]! + 1) j++;
    parts.push(i === j ? `${slots[i]}` : `${slots[i]}–${slots[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** One mark per line: the slots whose entries that vote chose. */
export function multiChosenMarks(entries: readonly Entry[], header: TraceHeader): ChosenMark[] {
  const byLine = new Map<number, SlotChosen[]>();
  for (const c of findSlotsChosen(entries, header)) (byLine.get(c.line) ?? byLine.set(c.line, []).get(c.line)!).push(c);
  return [...byLine].map(([line, cs]) => {
    const conflict = cs.some((c) => c.conflict);
    const slots = cs.map((c) => c.slot).sort((x, y) => x - y);
    const first = cs[0]!;
    const what =
      cs.length === 1
        ? `${conflict ? 'also chosen' : 'chosen'}: slot ${first.slot} ${entryText(first.entry)}${conflict ? ' (SlotAgreement broken)' : ''}`
        : `${conflict ? 'chosen again' : 'chosen'}: slots ${ranges(slots)}${conflict ? ' (SlotAgreement broken)' : ''}`;
    const how = `ballot ${showValue(first.ballot)} · quorum {${first.voters.map((v) => `s${v}`).join(', ')}}`;
    const detail = cs.map((c) => `slot ${c.slot}: ${entryText(c.entry, true)}${c.conflict ? ' (another entry was chosen here before)' : ''}`).join('\n');
    return { line, what, how, conflict, short: `slot${slots.length > 1 ? 's' : ''} ${ranges(slots)}`, slots, detail };
  });
}
