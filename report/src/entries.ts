// A trace as the report needs it: every line, steps and events alike, in
// file order and grouped by instance.  The checker's reader (parseTrace)
// validates the file and gives the one-line errors; it keeps only a count
// of the events, so they are read again here, from the same text.
import { parseTrace, readTraceText, type EventLine, type StepLine, type Trace } from '../../trace-check/src/format.ts';

export type Entry =
  | { readonly kind: 'step'; readonly line: number; readonly instance: number; readonly step: StepLine }
  | { readonly kind: 'event'; readonly line: number; readonly instance: number; readonly event: EventLine };

export interface Run {
  readonly trace: Trace;
  /** Every line after the header, in file order. */
  readonly entries: readonly Entry[];
  /** Instance numbers in order of first appearance, with their entries. */
  readonly instances: ReadonlyMap<number, readonly Entry[]>;
}

export function readRun(file: string): Run {
  return parseRun(file, readTraceText(file));
}

export function parseRun(file: string, text: string): Run {
  const trace = parseTrace(file, text);
  const stepsByLine = new Map(trace.steps.map((s) => [s.line, s.step]));
  const raw = text.split('\n');
  const entries: Entry[] = [];
  // An event without an instance number belongs with the lines around it.
  let current = 0;
  for (let i = 1; i < trace.lines; i++) {
    const line = i + 1;
    const step = stepsByLine.get(line);
    if (step) {
      current = step.instance ?? 0;
      entries.push({ kind: 'step', line, instance: current, step });
      continue;
    }
    // parseTrace accepted this line, and it is not a step: an event.
    const event = JSON.parse(raw[i]!) as EventLine;
    current = event.instance ?? current;
    entries.push({ kind: 'event', line, instance: current, event });
  }
  const instances = new Map<number, Entry[]>();
  for (const e of entries) {
    const list = instances.get(e.instance);
    if (list) list.push(e);
    else instances.set(e.instance, [e]);
  }
  return { trace, entries, instances };
}

/** The kind of a step's input as the simulator writes it (`{"kind":"crash"}`), if any. */
export function inputKind(step: StepLine): string | null {
  const input = step.input;
  return typeof input === 'object' && input !== null && 'kind' in input && typeof input.kind === 'string' ? input.kind : null;
}

export const isCrash = (step: StepLine) => inputKind(step) === 'crash';

/** A string field of an event line (events are free-form beyond seq and event). */
export function eventField(e: EventLine, field: string): string | undefined {
  const v = e[field];
  return typeof v === 'string' ? v : undefined;
}
