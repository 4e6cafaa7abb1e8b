// One instance as the chart sees it: its lines, the moment its value was
// chosen, the spans during which a node was down or the network split.
import { eventField, isCrash, type Entry } from './entries.ts';
import type { ChosenMark } from './protocol.ts';

/** From one line to another (null: to the end of the instance). */
export interface Span {
  readonly from: number;
  readonly to: number | null;
}

export interface Partition extends Span {
  readonly groups: string;
}

export interface InstanceView {
  readonly instance: number;
  readonly entries: readonly Entry[];
  /** The moments something was chosen (protocol.ts: a value, or slots' entries), in order. */
  readonly chosen: readonly ChosenMark[];
  readonly down: ReadonlyMap<string, readonly Span[]>;
  readonly partitions: readonly Partition[];
  readonly steps: number;
  readonly learned: readonly string[];
}

function showGroups(x: unknown): string {
  if (!Array.isArray(x)) return '';
  return x.map((g) => `{${Array.isArray(g) ? g.join(', ') : String(g)}}`).join(' | ');
}

export function instanceView(instance: number, entries: readonly Entry[], chosen: (entries: readonly Entry[]) => ChosenMark[]): InstanceView {
  const down = new Map<string, Span[]>();
  const crashed = new Map<string, number>();
  const partitions: Partition[] = [];
  let split: { from: number; groups: string } | null = null;
  const learned = new Set<string>();
  let steps = 0;
  for (const e of entries) {
    if (e.kind === 'step') {
      steps++;
      if (e.step.action === 'Learn') {
        const v = e.step.params.v;
        learned.add(typeof v === 'string' ? v : JSON.stringify(v));
      }
      // A crash that follows a crash without a recovery is a second
      // account of the same outage: the span runs from the first.
      if (isCrash(e.step) && !crashed.has(e.step.node)) crashed.set(e.step.node, e.line);
      continue;
    }
    const ev = e.event;
    if (ev.event === 'recover') {
      const node = eventField(ev, 'node');
      const from = node !== undefined ? crashed.get(node) : undefined;
      if (node !== undefined && from !== undefined) {
        (down.get(node) ?? down.set(node, []).get(node)!).push({ from, to: e.line });
        crashed.delete(node);
      }
    } else if (ev.event === 'partition') {
      if (split) partitions.push({ ...split, to: e.line });
      split = { from: e.line, groups: showGroups(ev.groups) };
    } else if (ev.event === 'heal' && split) {
      partitions.push({ ...split, to: e.line });
      split = null;
    }
  }
  // Still down, or still split, when the instance ended.
  for (const [node, from] of crashed) (down.get(node) ?? down.set(node, []).get(node)!).push({ from, to: null });
  if (split) partitions.push({ ...split, to: null });
  return { instance, entries, chosen: chosen(entries), down, partitions, steps, learned: [...learned] };
}

/** Whether a span meets the lines first..last. */
export const meets = (s: Span, first: number, last: number) => s.from <= last && (s.to === null || s.to >= first);
