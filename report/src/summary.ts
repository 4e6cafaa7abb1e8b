// The run in figures, for the top of the report and the command's output:
// the shared ones (steps, messages, faults), then the protocol's outcome
// (protocol.ts: instances decided, or slots chosen and commands committed).
import type { Run } from './entries.ts';
import { isCrash } from './entries.ts';
import type { InstanceView } from './instance.ts';
import type { Matching } from './messages.ts';
import type { Figure, Protocol } from './protocol.ts';

/** Message types our implementation adds and the spec does not know (trace-check/README.md). */
const IMPL_ONLY = new Set(['nack', 'decided']);

export interface Summary {
  readonly lines: number;
  readonly steps: number;
  readonly events: number;
  /** Messages sent: with net notes, each copy a step put on the network (a duplicate is not a send); else the steps' `sent` entries. */
  readonly sent: number;
  /** Of them, messages of the spec: null when the sends are the network's (net notes), not the spec's records. */
  readonly sentSpec: number | null;
  readonly lost: number;
  readonly duplicated: number;
  /** Messages neither received nor lost when the run ended. */
  readonly inFlight: number;
  readonly crashes: number;
  readonly recoveries: number;
  readonly partitions: number;
  /** The protocol's outcome (protocol.ts). */
  readonly outcome: readonly Figure[];
  /** The same in one line. */
  readonly outcomeText: string;
}

export function summarize(run: Run, matching: Matching, views: readonly InstanceView[], protocol: Protocol, byNet: boolean): Summary {
  let sentLogged = 0;
  let sentSpec = 0;
  let crashes = 0;
  const events = new Map<string, number>();
  for (const e of run.entries) {
    if (e.kind === 'event') {
      events.set(e.event.event, (events.get(e.event.event) ?? 0) + 1);
      continue;
    }
    sentLogged += e.step.sent.length;
    sentSpec += e.step.sent.filter((s) => !IMPL_ONLY.has(s.msg.type)).length;
    if (isCrash(e.step)) crashes++;
  }
  const outcome = protocol.outcome(run, views);
  return {
    lines: run.trace.lines,
    steps: run.trace.steps.length,
    events: run.trace.events,
    sent: byNet ? matching.copies.filter((c) => c.sendLine !== null && !c.duplicate).length : sentLogged,
    sentSpec: byNet ? null : sentSpec,
    lost: events.get('lost') ?? 0,
    duplicated: events.get('duplicated') ?? 0,
    inFlight: matching.copies.filter((c) => c.end.kind === 'flight').length,
    crashes,
    recoveries: events.get('recover') ?? 0,
    partitions: events.get('partition') ?? 0,
    outcome,
    outcomeText: protocol.outcomeText(outcome),
  };
}
