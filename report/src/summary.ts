// The run in figures, for the top of the report and the command's output.
import type { Run } from './entries.ts';
import { isCrash } from './entries.ts';
import type { InstanceView } from './instance.ts';
import type { Matching } from './messages.ts';

/** Message types our implementation adds and the spec does not know (trace-check/README.md). */
const IMPL_ONLY = new Set(['nack', 'decided']);

export interface Summary {
  readonly lines: number;
  readonly steps: number;
  readonly events: number;
  readonly sent: number;
  readonly sentSpec: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Messages neither received nor lost when the run ended. */
  readonly inFlight: number;
  readonly crashes: number;
  readonly recoveries: number;
  readonly partitions: number;
  readonly instances: number;
  /** Instances in which a quorum voted for a value. */
  readonly decided: number;
  readonly learnSteps: number;
}

export function summarize(run: Run, matching: Matching, views: readonly InstanceView[]): Summary {
  let sent = 0;
  let sentSpec = 0;
  let crashes = 0;
  let learnSteps = 0;
  const events = new Map<string, number>();
  for (const e of run.entries) {
    if (e.kind === 'event') {
      events.set(e.event.event, (events.get(e.event.event) ?? 0) + 1);
      continue;
    }
    sent += e.step.sent.length;
    sentSpec += e.step.sent.filter((s) => !IMPL_ONLY.has(s.msg.type)).length;
    if (isCrash(e.step)) crashes++;
    if (e.step.action === 'Learn') learnSteps++;
  }
  return {
    lines: run.trace.lines,
    steps: run.trace.steps.length,
    events: run.trace.events,
    sent,
    sentSpec,
    lost: events.get('lost') ?? 0,
    duplicated: events.get('duplicated') ?? 0,
    inFlight: matching.copies.filter((c) => c.end.kind === 'flight').length,
    crashes,
    recoveries: events.get('recover') ?? 0,
    partitions: events.get('partition') ?? 0,
    instances: views.length,
    decided: views.filter((v) => v.chosen.length > 0).length,
    learnSteps,
  };
}
