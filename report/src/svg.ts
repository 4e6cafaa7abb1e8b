// One page of a message-sequence chart as SVG text: lifelines, a row per
// line of the trace, an arrow per message.  Layers are drawn bottom to
// top - bands, lifelines, arrows, step boxes, labels, notes - so that
// labels are never hidden under an arrow drawn later.  Colours come from
// classes (html.ts holds the stylesheet): the markup stays small.
import type { Entry } from './entries.ts';
import { eventField } from './entries.ts';
import { meets, type InstanceView } from './instance.ts';
import { Occupancy, type Box } from './labels.ts';
import { BOX_H, GUTTER, HEAD_H, LABEL_FONT, RIGHT_MARGIN, fitText, rows, stepBox, textWidth, type Columns, type StepBox } from './layout.ts';
import type { Copy, Matching } from './messages.ts';
import type { Lifeline } from './nodes.ts';
import { messageKind } from './palette.ts';
import type { Protocol } from './protocol.ts';
import { copyTip, stepTip } from './tips.ts';

export interface ChartContext {
  readonly lifelines: readonly Lifeline[];
  readonly cols: Columns;
  readonly matching: Matching;
  readonly at: (line: number) => Entry | undefined;
  /** Lines the checker rejected, with what to say at them. */
  readonly failures: ReadonlyMap<number, string>;
  readonly protocol: Protocol;
  /** The text of each step's box, by line. */
  readonly labels: ReadonlyMap<number, string>;
  /** The node's state after each step, when the protocol folds it (protocol.ts stepStates). */
  readonly states?: ReadonlyMap<number, string>;
}

/** Text content: quotes stay as they are (values are full of them). */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escAttr = (s: string) => esc(s).replace(/"/g, '&quot;');
const r = (n: number) => Math.round(n * 10) / 10;
/** Bold text is about a tenth wider than textWidth's estimate. */
const BOLD = 1.1;

type Pt = readonly [number, number];

/** How far a stub (an arrow whose other end is on another page, or nowhere) reaches. */
const STUB_DY = 16;
const stubDx = (dx: number) => Math.max(44, Math.abs(dx) * 0.3);

function head([x1, y1]: Pt, [x2, y2]: Pt, open = false): string {
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
  const [bx, by] = [x2 - ux * 8, y2 - uy * 8];
  const d = `M${r(x2)},${r(y2)}L${r(bx - uy * 3.5)},${r(by + ux * 3.5)}L${r(bx + uy * 3.5)},${r(by - ux * 3.5)}Z`;
  return `<path class="${open ? 'hd open' : 'hd'}" d="${d}"/>`;
}

const polyline = (pts: readonly Pt[]) => pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${r(x)},${r(y)}`).join('');

function cross([x, y]: Pt): string {
  return `<path class="lost-mark" d="M${r(x - 4.5)},${r(y - 4.5)}l9,9m0,-9l-9,9"/>`;
}

export function renderChart(ctx: ChartContext, view: InstanceView, entries: readonly Entry[]): string {
  const { cols } = ctx;
  const rs = rows(entries);
  const on = (line: number | null | undefined): line is number => line !== null && line !== undefined && rs.y.has(line);
  const y = (line: number) => rs.y.get(line)!;
  const first = entries[0]?.line ?? 0;
  const last = entries.at(-1)?.line ?? 0;
  const chartRight = GUTTER + cols.colW * ctx.lifelines.length;
  const width = cols.width;
  const height = rs.height;
  const occ = new Occupancy();

  const bands: string[] = [];
  const lifelines: string[] = [];
  const gutter: string[] = [];
  const arrows: string[] = [];
  const steps: string[] = [];
  const labels: string[] = [];
  const notes: string[] = [];

  // Step boxes first: every label must keep clear of them.
  const boxes = new Map<number, StepBox>();
  for (const e of entries) {
    if (e.kind !== 'step') continue;
    const b = stepBox(e, ctx.labels.get(e.line) ?? e.step.action);
    boxes.set(e.line, b);
    const x = cols.x.get(e.step.node) ?? GUTTER;
    occ.add({ x: x - b.half - 2, y: y(e.line) - BOX_H / 2 - 1, w: 2 * b.half + 4, h: BOX_H + 2 });
  }
  const half = (line: number | null) => (line !== null ? (boxes.get(line)?.half ?? 4) : 4);
  const xOf = (node: string | undefined) => (node !== undefined ? cols.x.get(node) : undefined);

  // Self-messages loop out to the right of their lifeline; overlapping
  // loops of one node take successive lanes so that none hides another.
  const laneEnds = new Map<string, number[]>();
  const lane = (node: string, y1: number, y2: number) => {
    const ends = laneEnds.get(node) ?? laneEnds.set(node, []).get(node)!;
    let k = ends.findIndex((end) => end < y1 - 3);
    if (k < 0) k = ends.length < 6 ? ends.length : ends.indexOf(Math.min(...ends));
    ends[k] = y2;
    return k;
  };

  // Labels are placed after every arrow, cross and mark is drawn, so that
  // they keep clear of all of them, not only of those drawn before.
  const pendingLabels: (() => void)[] = [];
  const labelAt = (text: string, cls: string, candidates: Pt[], anchor: 'middle' | 'start' = 'middle', link?: number) => {
    pendingLabels.push(() => placeLabel(text, cls, candidates, anchor, link));
  };
  const placeLabel = (text: string, cls: string, candidates: Pt[], anchor: 'middle' | 'start', link: number | undefined) => {
    const w = textWidth(text, LABEL_FONT) + 6;
    const boxOf = ([px, py]: Pt): Box => ({ x: anchor === 'middle' ? px - w / 2 : px - 3, y: py - 7, w, h: 14 });
    const b = occ.take(candidates.map(boxOf));
    if (!b) return;
    const tx = anchor === 'middle' ? b.x + w / 2 : b.x + 3;
    const t = `<text class="lbl ${cls}" x="${r(tx)}" y="${r(b.y + 10.5)}"${anchor === 'start' ? ' text-anchor="start"' : ''}>${esc(text)}</text>`;
    labels.push(link !== undefined ? `<a href="#L${link}">${t}</a>` : t);
  };
  const along = ([x1, y1]: Pt, [x2, y2]: Pt, ts: readonly number[]): Pt[] => ts.map((t) => [x1 + (x2 - x1) * t, y1 + (y2 - y1) * t]);
  const T_MAIN = [0.5, 0.36, 0.64, 0.26, 0.74, 0.18, 0.82];

  /** Draws one copy of a message: a whole arrow, or the part of it this page holds. */
  const drawCopy = (c: Copy) => {
    const k = messageKind(c.msg.type);
    const sendOn = on(c.sendLine);
    const endLine = c.end.kind === 'flight' ? null : c.end.line;
    const endOn = on(endLine);
    if (!sendOn && !endOn) return;
    const xs = xOf(c.from);
    const xrKnown = xOf(c.to);
    const self = c.from !== undefined && c.from === c.to;
    // A receiver without a lifeline (no `to`): the arrow heads right.
    const xsOr = xs ?? GUTTER;
    const xr = xrKnown ?? xsOr + cols.colW * 0.8;
    const d = self ? 1 : Math.sign(xr - xsOr) || 1;
    const cls = `${c.duplicate ? 'dupmsg' : sendOn ? 'msg' : 'msg-in'} m-${k.id}${c.end.kind === 'lost' ? ' lost' : c.end.kind === 'flight' ? ' flight' : ''}`;
    const parts: string[] = [];
    const lbl = c.duplicate ? null : ctx.protocol.messageLabel(c.msg);
    let pts: Pt[];
    let openHead = false;
    let crossAt: Pt | null = null;

    if (sendOn && endOn) {
      const y1 = y(c.sendLine!);
      const y2 = y(endLine!);
      const hs = half(c.sendLine);
      if (self) {
        const out = xsOr + Math.max(hs, half(endLine)) + 12 + 7 * lane(c.from!, y1, y2);
        if (c.end.kind === 'received') {
          pts = [[xsOr + hs, y1], [out, y1], [out, y2], [xsOr + half(endLine) + 1, y2]];
        } else {
          pts = [[xsOr + hs, y1], [out, y1], [out, y2]];
          crossAt = [out, y2];
        }
        if (lbl) labelAt(lbl, `m-${k.id}`, along([out + 4, y1], [out + 4, y2], [0.5, 0.3, 0.7, 0.15, 0.85]), 'start');
      } else {
        const start: Pt = [xsOr + d * hs, y1];
        let end: Pt;
        if (c.end.kind === 'received') end = [xr - d * (half(endLine) + 1), y2];
        else {
          // Lost at a receiver that was down: at its door.  Lost on the way:
          // in the gap beside the sender, where no other lifeline is to be
          // mistaken for the receiver (the label names it).
          const atDoor = c.end.kind === 'lost' && c.end.why === 'down';
          end = atDoor ? [xr - d * 7, y2] : [start[0] + d * Math.min(Math.abs(xr - start[0]) * 0.45, cols.colW * 0.42), y2];
          crossAt = end;
        }
        pts = [start, end];
        const text = lbl && c.end.kind === 'lost' && c.to !== undefined && !(c.end.why === 'down') ? `${lbl} → ${c.to}` : lbl;
        // A lost message's arrow is short: its label may also sit by the cross.
        const near: Pt[] = crossAt ? [-12, 12, -24, 24].flatMap((dy): Pt[] => [[end[0] - d * 4, end[1] + dy], [end[0] + d * 30, end[1] + dy]]) : [];
        if (text) labelAt(text, `m-${k.id}`, [...along(start, end, T_MAIN), ...near]);
      }
    } else if (sendOn) {
      // Its end is on a later page, or nowhere: a stub, and where it went.
      const y1 = y(c.sendLine!);
      const hs = half(c.sendLine);
      const out = xsOr + hs + 12 + (self ? 7 * lane(c.from!, y1, y1 + STUB_DY) : 0);
      pts = self ? [[xsOr + hs, y1], [out, y1], [out, y1 + STUB_DY]] : [[xsOr + d * hs, y1], [xsOr + d * (hs + stubDx(xr - xsOr)), y1 + STUB_DY]];
      openHead = c.end.kind === 'flight';
      const tip = pts.at(-1)!;
      if (!c.duplicate) {
        const cand: Pt[] = [[tip[0] + d * 4, tip[1] + 7], [tip[0] + d * 4, tip[1] + 18], [tip[0] + d * 4, tip[1] - 6]];
        if (endLine === null) labelAt('in flight', `m-${k.id} note`, cand, d > 0 ? 'start' : 'middle');
        else labelAt(`→ line ${endLine}`, `m-${k.id} note`, cand, d > 0 ? 'start' : 'middle', endLine);
      }
    } else {
      // It was sent on an earlier page (or by no logged step): it comes in from above.
      const y2 = y(endLine!);
      let end: Pt;
      if (c.end.kind === 'received') end = self ? [xsOr + half(endLine) + 1, y2] : [xr - d * (half(endLine) + 1), y2];
      else {
        end = [xr - d * 7, y2];
        crossAt = end;
      }
      const out = end[0] + 12;
      pts = self ? [[out, y2 - STUB_DY], [out, y2], end] : [[end[0] - d * stubDx(xr - xsOr), y2 - STUB_DY], end];
      const from = pts[0]!;
      const cand: Pt[] = [[from[0], from[1] - 6], [from[0], from[1] - 17]];
      if (!c.duplicate) {
        if (c.sendLine === null) labelAt(`from ${c.from ?? '?'}: no logged send`, `m-${k.id} note orphan`, cand);
        else labelAt(`from line ${c.sendLine}`, `m-${k.id} note`, cand, 'middle', c.sendLine);
      }
    }
    parts.push(`<path class="hit" d="${polyline(pts)}"/>`, `<path class="ln" d="${polyline(pts)}"/>`);
    if (crossAt) {
      parts.push(cross(crossAt));
      occ.add({ x: crossAt[0] - 6, y: crossAt[1] - 6, w: 12, h: 12 });
    }
    else if (pts.length >= 2) parts.push(head(pts.at(-2)!, pts.at(-1)!, openHead));
    arrows.push(`<g class="${cls}"><title>${esc(copyTip(c, ctx.at))}</title>${parts.join('')}</g>`);
    // The network's second copy, marked where both copies leave.
    if (c.duplicatedAt !== null && sendOn && on(c.duplicatedAt)) {
      const [p0, p1] = [pts[0]!, pts[1]!];
      const cand: Pt[] = self
        ? [[p1[0] + 14, p1[1] - 2], [p1[0] + 14, p1[1] + 12], [(p0[0] + p1[0]) / 2, p1[1] - 10]]
        : along(p0, p1, [0.2, 0.32, 0.12, 0.45]).map(([px, py]) => [px, py - 9] as const);
      const boxAt = ([px, py]: Pt): Box => ({ x: px - 10, y: py - 6, w: 20, h: 12 });
      // The mark is drawn even where it must overlap: a duplicate is never hidden.
      const b = occ.take(cand.map(boxAt)) ?? boxAt(cand[0]!);
      const [bx, by] = [b.x + 10, b.y + 6];
      arrows.push(`<g class="dup-mark"><title>duplicated by the network (line ${c.duplicatedAt}): a second copy travels too (dashed)</title><rect x="${r(bx - 10)}" y="${r(by - 6)}" width="20" height="12" rx="6"/><text x="${r(bx)}" y="${r(by + 3.5)}">×2</text></g>`);
    }
  };

  // Bands: partitions, then the failing rows.
  const bandLeft = GUTTER - 6;
  const rowTop = (line: number) => y(line) - 8;
  for (const p of view.partitions) {
    if (!meets(p, first, last)) continue;
    const y1 = on(p.from) ? rowTop(p.from) : 0;
    const y2 = p.to !== null && on(p.to) ? y(p.to) : height;
    bands.push(`<g class="partition-band"><title>network partition: ${esc(p.groups)} (line ${p.from}${p.to !== null ? `, healed at line ${p.to}` : ', not healed in this instance'})</title><rect x="${bandLeft}" y="${r(y1)}" width="${r(chartRight - bandLeft + 6)}" height="${r(y2 - y1)}"/><text x="${bandLeft + 6}" y="${r(y1 + 12)}">partition ${esc(p.groups)}${on(p.from) ? '' : ` (since line ${p.from})`}</text>${p.to !== null && on(p.to) ? `<text x="${bandLeft + 6}" y="${r(y2 + 4)}">healed</text>` : ''}</g>`);
  }
  for (const e of entries) {
    const why = ctx.failures.get(e.line);
    if (why === undefined) continue;
    const yy = y(e.line);
    bands.push(`<rect class="failing-row" x="0" y="${r(yy - 14)}" width="${width}" height="28"/>`);
    const [head1, ...rest] = why.split('\n');
    const room = RIGHT_MARGIN - 36;
    notes.push(`<g class="failing"><title>${esc(why)}</title><path class="fail-x" d="M${chartRight + 12},${r(yy - 5)}l10,10m0,-10l-10,10"/><text class="fail-note" x="${chartRight + 28}" y="${r(yy - 1)}">${esc(fitText(`line ${e.line}: ${head1 ?? ''}`, BOLD * 11, room))}</text>${rest[0] ? `<text class="fail-sub" x="${chartRight + 28}" y="${r(yy + 11)}">${esc(fitText(rest[0], 10.5, room))}</text>` : ''}</g>`);
    occ.add({ x: chartRight + 8, y: yy - 14, w: RIGHT_MARGIN, h: 28 });
  }

  // Lifelines, and the spans during which a node was down.
  for (const l of ctx.lifelines) {
    const x = cols.x.get(l.name)!;
    lifelines.push(`<line class="lifeline${l.kind === 'client' ? ' client' : ''}" data-node="${escAttr(l.name)}" x1="${r(x)}" y1="0" x2="${r(x)}" y2="${height}"/>`);
    for (const s of view.down.get(l.name) ?? []) {
      if (!meets(s, first, last)) continue;
      const y1 = on(s.from) ? y(s.from) : 0;
      const y2 = s.to !== null && on(s.to) ? y(s.to) : height;
      lifelines.push(`<g class="down"><title>${esc(l.name)} down: crashed at line ${s.from}${s.to !== null ? `, recovered at line ${s.to}` : ', not recovered in this instance'}</title><rect x="${r(x - 5)}" y="${r(y1)}" width="10" height="${r(y2 - y1)}"/><line x1="${r(x)}" y1="${r(y1)}" x2="${r(x)}" y2="${r(y2)}"/></g>`);
    }
  }

  // Rows: the gutter, the step boxes, and the events' marks.
  const chosenAt = new Map(view.chosen.map((c) => [c.line, c]));
  for (const e of entries) {
    const yy = y(e.line);
    if (e.kind === 'event') {
      const ev = e.event;
      if (ev.event === 'recover') {
        const node = eventField(ev, 'node');
        const x = xOf(node) ?? GUTTER;
        occ.add({ x: x - 28, y: yy - 8, w: 56, h: 16 });
        steps.push(`<g class="recover-mark"><title>${esc(node ?? '?')} recovers (line ${e.line}, seq ${ev.seq}): its disk is back, its volatile state is not</title><rect x="${r(x - 28)}" y="${r(yy - 8)}" width="56" height="16" rx="8"/><text x="${r(x)}" y="${r(yy + 3.5)}">recover</text></g>`);
      } else if (ev.event !== 'lost' && ev.event !== 'duplicated' && ev.event !== 'partition' && ev.event !== 'heal') {
        gutter.push(`<g class="other-event"><title>${esc(JSON.stringify(ev).slice(0, 600))}</title><circle cx="${GUTTER - 8}" cy="${r(yy)}" r="3"/></g>`);
      }
      continue;
    }
    const s = e.step;
    const x = cols.x.get(s.node) ?? GUTTER;
    const b = boxes.get(e.line)!;
    gutter.push(`<text class="ln-no" x="${GUTTER - 12}" y="${r(yy + 3.5)}">${e.line}</text>${s.time !== undefined ? `<text class="time" x="6" y="${r(yy + 3.5)}">${s.time}</text>` : ''}`);
    const failing = ctx.failures.has(e.line);
    const tip = `<title>${esc(stepTip(e, ctx.matching.sameInput.get(e.line), ctx.states?.get(e.line)))}</title>`;
    const mark = b.shape === 'crash' ? '' : ctx.protocol.stepClass(e);
    const cls = `step a-${s.action}${b.shape === 'crash' ? ' crash-mark' : ''}${mark ? ` ${mark}` : ''}${failing ? ' fail' : ''}`;
    let shape: string;
    if (b.shape === 'dot') shape = `<circle cx="${r(x)}" cy="${r(yy)}" r="4"/>`;
    else shape = `<rect x="${r(x - b.half)}" y="${r(yy - BOX_H / 2)}" width="${2 * b.half}" height="${BOX_H}" rx="${BOX_H / 2}"/><text x="${r(x)}" y="${r(yy + 4)}">${esc(b.text)}</text>`;
    const ring = failing ? `<rect class="fail-ring" x="${r(x - b.half - 4)}" y="${r(yy - BOX_H / 2 - 4)}" width="${2 * b.half + 8}" height="${BOX_H + 8}" rx="${BOX_H / 2 + 4}"/>` : '';
    steps.push(`<g class="${cls}" data-line="${e.line}">${tip}${ring}${shape}</g>`);
    const text = ctx.protocol.stepNote(e);
    if (text !== null) {
      const nb: Box = { x: chartRight + 10, y: yy - 7, w: textWidth(text, LABEL_FONT) + 14, h: 14 };
      if (occ.free(nb)) {
        occ.add(nb);
        notes.push(`<text class="learn-note" x="${chartRight + 12}" y="${r(yy + 3.5)}">✓ ${esc(text)}</text>`);
      }
    }
    const ch = chosenAt.get(e.line);
    if (ch) {
      const { what, how, conflict: second, slots, detail } = ch;
      const ry = yy + 13;
      occ.add({ x: chartRight + 8, y: ry - 16, w: RIGHT_MARGIN, h: 30 });
      // A badge on the box's corner, clear of the arrows that meet its edges.
      const star = starPath(x + b.half - 3, yy - BOX_H / 2 - 1, 6.5);
      bands.push(`<line class="chosen-rule${second ? ' conflict' : ''}" x1="${GUTTER - 6}" y1="${r(ry)}" x2="${chartRight + 6}" y2="${r(ry)}"/>`);
      const moment = slots ? `The first moment a quorum of acceptors has voted for one entry in ${slots.length === 1 ? 'this slot' : 'each of these slots'} in one ballot (line ${e.line}); replicas find out later, from Decide.` : `The first moment a quorum of acceptors has voted for one value in one ballot (line ${e.line}); learners find out later.`;
      notes.push(`<g class="chosen-mark${second ? ' conflict' : ''}" data-at="${e.line}"${slots ? ` data-slots="${slots.join(' ')}"` : ''}><title>${esc(`${what}\n${how}${detail ? `\n${detail}` : ''}\n${moment}`)}</title><path class="star" d="${star}"/><path class="star" d="${starPath(chartRight + 18, ry - 1, 7)}"/><text class="chosen-note" x="${chartRight + 30}" y="${r(ry + 3)}">${esc(fitText(what, BOLD * 12, RIGHT_MARGIN - 36))}</text><text class="chosen-sub" x="${chartRight + 30}" y="${r(ry + 15)}">${esc(how)}</text></g>`);
      occ.add({ x: x + b.half - 10, y: yy - BOX_H / 2 - 8, w: 14, h: 14 });
    }
  }

  // Arrows, in the order the lines were written: sends, then arrivals from
  // earlier pages, then losses of messages sent on earlier pages.
  for (const e of entries) {
    if (e.kind === 'step') {
      for (const c of ctx.matching.bySend.get(e.line) ?? []) drawCopy(c);
      const got = ctx.matching.received.get(e.line);
      if (got && !on(got.sendLine)) drawCopy(got);
    } else if (e.event.event === 'lost') {
      const c = ctx.matching.lost.get(e.line);
      if (c && !on(c.sendLine)) drawCopy(c);
    }
  }

  for (const place of pendingLabels) place();

  const aria = `Instance ${view.instance}, lines ${first} to ${last}: ${entries.filter((e) => e.kind === 'step').length} steps`;
  return [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escAttr(aria)}" data-first="${first}" data-last="${last}">`,
    `<g class="bands">${bands.join('')}</g>`,
    `<g class="lifelines">${lifelines.join('')}</g>`,
    `<g class="gutter">${gutter.join('')}</g>`,
    `<g class="arrows">${arrows.join('')}</g>`,
    `<g class="steps">${steps.join('')}</g>`,
    `<g class="labels">${labels.join('')}</g>`,
    `<g class="notes">${notes.join('')}</g>`,
    '</svg>',
  ].join('\n');
}

function starPath(cx: number, cy: number, R: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const rad = i % 2 === 0 ? R : R * 0.45;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${r(cx + rad * Math.cos(a))},${r(cy + rad * Math.sin(a))}`);
  }
  return `M${pts.join('L')}Z`;
}

/** The heads of the lifelines, drawn apart so that they stay in view while the chart scrolls. */
export function renderHeads(ctx: ChartContext): string {
  const { cols } = ctx;
  const parts = [`<text class="gutter-head" x="6" y="${HEAD_H - 8}">t</text><text class="gutter-head" x="${GUTTER - 12}" y="${HEAD_H - 8}" text-anchor="end">line</text>`];
  for (const l of ctx.lifelines) {
    const x = cols.x.get(l.name)!;
    const w = Math.min(cols.colW - 16, Math.max(textWidth(l.name, 13), textWidth(l.role, 10)) + 28);
    parts.push(
      `<g class="head${l.kind === 'client' ? ' client' : ''}"><rect x="${r(x - w / 2)}" y="4" width="${r(w)}" height="${HEAD_H - 10}" rx="8"/><text class="name" x="${r(x)}" y="22">${esc(l.name)}</text><text class="role" x="${r(x)}" y="35">${esc(l.role)}</text></g>`,
    );
  }
  return `<svg class="heads" xmlns="http://www.w3.org/2000/svg" width="${cols.width}" height="${HEAD_H}" viewBox="0 0 ${cols.width} ${HEAD_H}" aria-hidden="true">${parts.join('')}</svg>`;
}
