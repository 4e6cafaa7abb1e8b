// Where things go on a page: one column per lifeline, one row per line of
// the trace (time flows downward), steps taller than events.  Only sizes
// and positions here; svg.ts draws.
import type { Entry } from './entries.ts';
import { isCrash } from './entries.ts';
import type { Lifeline } from './nodes.ts';

/** Time (left) and line number (right) of each row: room for six digits each. */
export const GUTTER = 100;
/** Room on the right for the notes (chosen, failure) that span the chart. */
export const RIGHT_MARGIN = 240;
export const STEP_ROW = 30;
/** Network events (lost, duplicated) sit close under the step that caused them. */
export const EVENT_ROW = 12;
/** Events drawn with a label of their own (recover, partition, heal). */
export const MARK_ROW = 24;
export const TOP_PAD = 18;
export const BOTTOM_PAD = 28;
export const BOX_H = 18;
export const STEP_FONT = 11;
export const LABEL_FONT = 10.5;
export const HEAD_H = 46;

/**
 * Width of text in the system sans-serif at `size` px.  An estimate (the
 * report is drawn without a browser): 0.58 em covers digits and lower
 * case in the common system fonts, so boxes fit and labels rarely collide.
 */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += /[A-Z]/.test(ch) ? 0.68 : /[ il.,:|'!]/.test(ch) ? 0.3 : 0.58;
  return Math.ceil(em * size);
}

/** text, cut with an ellipsis to fit `width` px. */
export function fitText(text: string, size: number, width: number): string {
  if (textWidth(text, size) <= width) return text;
  let out = text;
  while (out.length > 1 && textWidth(`${out}…`, size) > width) out = out.slice(0, -1);
  return `${out.trimEnd()}…`;
}

export function columnWidth(n: number): number {
  return n <= 6 ? 176 : n <= 10 ? 150 : 120;
}

export interface Columns {
  readonly width: number;
  readonly colW: number;
  readonly x: ReadonlyMap<string, number>;
}

export function columns(lines: readonly Lifeline[]): Columns {
  const colW = columnWidth(lines.length);
  const x = new Map(lines.map((l, i) => [l.name, GUTTER + colW * (i + 0.5)]));
  return { width: GUTTER + colW * lines.length + RIGHT_MARGIN, colW, x };
}

export interface StepBox {
  readonly text: string;
  /** Half the box's width: arrows start and end at its edge. */
  readonly half: number;
  readonly shape: 'pill' | 'dot' | 'crash';
}

/** A step's box, around its label (protocol.ts stepLabels). */
export function stepBox(e: Entry & { kind: 'step' }, label: string): StepBox {
  const s = e.step;
  if (isCrash(s)) {
    const text = s.action === 'Stutter' ? 'crash' : `crash · ${s.action}`;
    return { text, half: Math.ceil(textWidth(text, STEP_FONT) / 2) + 16, shape: 'crash' };
  }
  // A stutter changes nothing the spec sees: a dot, so that the actions stand out.
  if (s.action === 'Stutter') return { text: '', half: 4, shape: 'dot' };
  const text = label;
  return { text, half: Math.ceil(textWidth(text, STEP_FONT) / 2) + 9, shape: 'pill' };
}

export interface Rows {
  /** The centre of each entry's row, by line. */
  readonly y: ReadonlyMap<number, number>;
  readonly height: number;
  readonly top: number;
  readonly bottom: number;
}

export function rows(entries: readonly Entry[]): Rows {
  const y = new Map<number, number>();
  let at = TOP_PAD;
  for (const e of entries) {
    const h = e.kind === 'step' ? STEP_ROW : e.event.event === 'lost' || e.event.event === 'duplicated' ? EVENT_ROW : MARK_ROW;
    y.set(e.line, at + h / 2);
    at += h;
  }
  return { y, top: 0, bottom: at + BOTTOM_PAD / 2, height: at + BOTTOM_PAD };
}
