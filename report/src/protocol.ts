// What the report draws differently for each spec: the message kinds and
// their short labels, the text in the step boxes, the moments something is
// chosen, the figures of the outcome, the legend's protocol marks.  The
// rest - lifelines, arrows, losses, crashes, partitions, paging - is shared.
// Dispatch is on the header's `spec`; a spec the report does not know is
// drawn as Basic Paxos (its generic labels still say what each message is).
import type { TraceHeader, TraceMessage } from '../../trace-check/src/format.ts';
import { BASIC } from './basic.ts';
import type { Entry, Run } from './entries.ts';
import type { InstanceView } from './instance.ts';
import { MULTI } from './multi.ts';
import type { Lifeline } from './nodes.ts';

export type StepEntry = Entry & { kind: 'step' };

/** A moment something became chosen (Basic: the instance's value; Multi: slots' entries), drawn as a gold rule. */
export interface ChosenMark {
  /** The line of the vote that completed the quorum. */
  readonly line: number;
  /** The note's first line: "chosen: v0.1", "slot 5 chosen: put k1=v2". */
  readonly what: string;
  /** Its second line: the ballot and the quorum. */
  readonly how: string;
  /** Another value chosen where one already was: Agreement broken. */
  readonly conflict: boolean;
  /** What was chosen, in a few characters, for the index. */
  readonly short: string;
  /** MultiPaxos: the slots chosen at this line. */
  readonly slots?: readonly number[];
  /** More for the tooltip (each slot's entry). */
  readonly detail?: string;
}

export interface Figure {
  readonly n: number;
  readonly label: string;
  readonly cls?: 'good' | 'warn' | 'bad';
  /** What the figure counts, on hover. */
  readonly title?: string;
}

export interface Protocol {
  readonly spec: string;
  /** The message kinds of palette.ts this protocol sends, in the legend's order. */
  readonly kinds: readonly string[];
  /** The few characters on an arrow. */
  messageLabel(m: TraceMessage): string;
  /** The text of every step's box, by line: computed over the whole run, since a label may need what earlier lines said. */
  stepLabels(run: Run): ReadonlyMap<number, string>;
  /** A class that sets the step apart (learn-mark, apply-mark), or ''. */
  stepClass(e: StepEntry): string;
  /** The node's whole spec state after each step, in short, when lines log only what changed (else the tooltip's vars say it all). */
  stepStates?(run: Run): ReadonlyMap<number, string>;
  /** A note in the right margin beside the step ("s1 learned v0.1"), or null. */
  stepNote(e: StepEntry): string | null;
  chosen(entries: readonly Entry[], header: TraceHeader): ChosenMark[];
  /** "3 servers (s0 s1 s2), each ...; 3 clients". */
  deployment(lines: readonly Lifeline[]): string;
  /** The figures of the outcome, after the shared ones (steps, messages, faults). */
  outcome(run: Run, views: readonly InstanceView[]): readonly Figure[];
  /** The outcome in one line of the command's output. */
  outcomeText(outcome: readonly Figure[]): string;
  /** How the index and the page heads name an instance. */
  instanceName(instance: number): string;
  /** The index's line under an instance's name. */
  instanceMeta(view: InstanceView): string;
  /** The legend's keys for the protocol's own marks (chosen, learned, applied), as HTML. */
  legendMarks(): readonly string[];
}

export function protocolFor(header: TraceHeader): Protocol {
  return header.spec === 'MultiPaxos' ? MULTI : BASIC;
}
