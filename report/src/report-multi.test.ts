// The report of a real Multi-Paxos run (the simulator, the demo's seed),
// read back from the file it writes: on every page a lifeline per server
// and client, one arrow per message sent or delivered there, a cross per
// lost message, a mark per crash, the moment each slot is chosen at the
// vote that completed its quorum, short step labels; and the run's figures.
// Every expected figure is counted here from the trace's own lines, not
// through the report's code.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateMultiToTrace } from '../../impl/src/runtime/sim-multi/trace.ts';
import { MULTI_DEMO } from '../../cli/demo-multi.ts';
import { overlaps } from './labels.ts';
import { LABEL_FONT, textWidth } from './layout.ts';
import { buildReport } from './report.ts';
import { count, labelsIn, pagesInHtml, type PageInFile } from './test-pages.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-report-multi-'));
const { text } = simulateMultiToTrace({ seed: MULTI_DEMO.seed, steps: MULTI_DEMO.steps, faults: parseFaults(MULTI_DEMO.faults) });
const traceFile = join(dir, 'multi.ndjson');
writeFileSync(traceFile, text);

type Line = Record<string, any>;
const lines: Line[] = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
const header = lines[0]!;
const body = lines.slice(1).map((l, i) => ({ line: i + 2, l }));
const steps = body.filter(({ l }) => l.action !== undefined);
const inPage = (p: PageInFile) => body.filter(({ line }) => line >= p.first && line <= p.last);

/** Each network copy: the line that sent it (a duplicate: its original's), from the net notes and duplicated events. */
const sentAt = new Map<number, number>();
const duplicateCopies = new Set<number>();
for (const { line, l } of body) {
  for (const o of l.net?.out ?? []) sentAt.set(o.id, line);
  if (l.event === 'duplicated') {
    sentAt.set(l.copy, sentAt.get(l.id)!);
    duplicateCopies.add(l.copy);
  }
}

/** Slot -> the line of the Phase2b after which a quorum had voted for one entry in one ballot (spec ChosenAt). */
function chosenSlots(): Map<number, number> {
  const quorums = header.constants.Quorums as number[][];
  const votes = new Map<string, Set<number>>();
  const out = new Map<number, number>();
  for (const { line, l } of steps) {
    if (l.action !== 'Phase2b') continue;
    const { bal, slot, entry } = l.params.m;
    if (out.has(slot)) continue;
    const key = JSON.stringify([bal, slot, entry]);
    const voters = votes.get(key) ?? votes.set(key, new Set()).get(key)!;
    voters.add(l.params.a);
    if (quorums.some((q) => q.every((a) => voters.has(a)))) out.set(slot, line);
  }
  return out;
}

const figure = (html: string, label: string) => Number(new RegExp(`<b>([\\d,]+)</b><span>${label}</span>`).exec(html)?.[1]?.replace(/,/g, '') ?? NaN);

describe(`paxos report of a Multi-Paxos run (seed ${MULTI_DEMO.seed}, ${MULTI_DEMO.steps} steps, ${MULTI_DEMO.faults})`, () => {
  let html: string;
  let pages: PageInFile[];
  let check: Awaited<ReturnType<typeof buildReport>>['check'];
  beforeAll(async () => {
    const r = await buildReport(traceFile);
    check = r.check;
    writeFileSync(join(dir, 'multi.html'), r.html);
    html = readFileSync(join(dir, 'multi.html'), 'utf8');
    pages = pagesInHtml(html);
  });

  test('the run has what the chart must show', () => {
    expect(body.filter(({ l }) => l.event === 'lost').length).toBeGreaterThan(10);
    expect(body.filter(({ l }) => l.event === 'duplicated').length).toBeGreaterThan(3);
    expect(steps.filter(({ l }) => l.input?.kind === 'crash').length).toBeGreaterThan(1);
    expect(chosenSlots().size).toBeGreaterThan(5);
    expect(pages.length).toBeGreaterThan(3);
  });

  test('the verdict, and the figures counted from the trace', () => {
    expect(html).toContain('Every step is a step of MultiPaxos');
    // The verdict claims no more than trace-check did: invariants it evaluated on some states only are named.
    const partial = [...check!.invariants].filter(([, c]) => c.states < check!.engineSteps).map(([n]) => n);
    if (partial.length > 0) {
      expect(html).toContain('every state checked satisfies the invariants checked on it');
      expect(html).not.toContain('every state satisfies its invariants');
      for (const n of partial) expect(html).toMatch(new RegExp(`on some states only[^<]*\\b${n} on`));
    } else expect(html).toContain('every state satisfies its invariants');
    const chosen = chosenSlots();
    const committed = new Set<string>();
    for (const [slot, line] of chosen) {
      const e = body.find((b) => b.line === line)!.l.params.m.entry;
      if (e.client !== null) committed.add(`${e.client}#${e.id}`);
      expect(slot).toBeGreaterThan(0);
    }
    const applied = Math.max(0, ...steps.flatMap(({ l }) => Object.values<number>(l.vars.applied ?? {})));
    const leaders = steps.filter(({ l }) => l.action === 'BecomeLeader').map(({ l }) => l.node);
    const changes = leaders.filter((n, i) => i > 0 && n !== leaders[i - 1]).length;
    expect(figure(html, 'steps')).toBe(steps.length);
    expect(figure(html, 'messages sent')).toBe(body.reduce((n, { l }) => n + (l.net?.out?.length ?? 0), 0));
    expect(figure(html, 'lost')).toBe(body.filter(({ l }) => l.event === 'lost').length);
    expect(figure(html, 'lost')).toBeLessThan(figure(html, 'messages sent'));
    expect(figure(html, 'duplicated')).toBe(body.filter(({ l }) => l.event === 'duplicated').length);
    expect(figure(html, 'crashes')).toBe(steps.filter(({ l }) => l.input?.kind === 'crash').length);
    expect(figure(html, 'slots chosen')).toBe(chosen.size);
    expect(figure(html, 'slots applied')).toBe(applied);
    expect(figure(html, 'commands committed')).toBe(committed.size);
    expect(figure(html, 'replies received')).toBe(steps.filter(({ l }) => l.action === 'Receive').length);
    expect(figure(html, 'leader changes')).toBe(changes);
    expect(changes).toBeGreaterThan(0);
  });

  test('one lifeline per server and per client on every page, servers as the deployment names them', () => {
    const servers: string[] = header.deployment.servers;
    const clients = [...new Set(steps.filter(({ l }) => l.action === 'Request').map(({ l }) => l.node as string))];
    expect(clients.length).toBe(3);
    for (const p of pages) {
      expect(count(p.svg, 'lifeline')).toBe(servers.length + clients.length);
      for (const n of [...servers, ...clients]) expect(p.svg).toContain(`data-node="${n}"`);
    }
    expect(html).toContain('3 servers (s0 s1 s2), each acceptor, leader and replica; 3 clients');
  });

  test('an arrow per message sent or delivered on the page, a cross per lost message, a mark per crash and duplicate; none unexplained', () => {
    for (const p of pages) {
      const ls = inPage(p);
      const on = (line: number | undefined) => line !== undefined && line >= p.first && line <= p.last;
      const sends = ls.reduce((n, { l }) => n + (l.net?.out?.length ?? 0), 0);
      const dupsSentHere = ls.filter(({ l }) => l.event === 'duplicated').length;
      // Copies that end here (received or lost) but were sent on an earlier page.
      const ends = ls.flatMap(({ l }) => [l.net?.in, l.event === 'lost' ? l.id : undefined]).filter((id): id is number => id !== undefined);
      const fromBefore = ends.filter((id) => !on(sentAt.get(id)));
      expect(count(p.svg, 'msg'), `${p.id}: arrows of sends`).toBe(sends);
      expect(count(p.svg, 'msg-in'), `${p.id}: arrows from earlier pages`).toBe(fromBefore.filter((id) => !duplicateCopies.has(id)).length);
      expect(count(p.svg, 'dupmsg'), `${p.id}: second copies`).toBe(dupsSentHere + fromBefore.filter((id) => duplicateCopies.has(id)).length);
      expect(count(p.svg, 'lost-mark'), `${p.id}: lost`).toBe(ls.filter(({ l }) => l.event === 'lost').length);
      expect(count(p.svg, 'dup-mark'), `${p.id}: duplicated`).toBe(dupsSentHere);
      expect(count(p.svg, 'crash-mark'), `${p.id}: crashes`).toBe(ls.filter(({ l }) => l.input?.kind === 'crash').length);
      expect(count(p.svg, 'recover-mark'), `${p.id}: recoveries`).toBe(ls.filter(({ l }) => l.event === 'recover').length);
      expect(count(p.svg, 'orphan'), `${p.id}: receipts of no logged send`).toBe(0);
    }
  });

  test('the moment each slot is chosen is marked once, at the vote that completed its quorum', () => {
    const marked = new Map<number, number>();
    for (const p of pages) {
      for (const m of p.svg.matchAll(/<g class="chosen-mark" data-at="(\d+)" data-slots="([\d ]+)">/g)) {
        for (const slot of m[2]!.split(' ').map(Number)) {
          expect(marked.has(slot), `slot ${slot} marked twice`).toBe(false);
          marked.set(slot, Number(m[1]));
        }
      }
    }
    expect(count(html, 'conflict')).toBe(0);
    expect(new Map([...marked].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...chosenSlots()].sort((a, b) => a[0] - b[0])));
  });

  test('steps read as short labels, never as message records', () => {
    const boxes = pages.flatMap((p) =>
      [...p.svg.matchAll(/<g class="step ([^"]*)" data-line="(\d+)">([\s\S]*?)<\/g>/g)].flatMap((m) => {
        const t = /<text[^>]*>([^<]*)<\/text>/.exec(m[3]!);
        return t ? [{ cls: m[1]!, line: Number(m[2]), text: t[1]! }] : [];
      }),
    );
    const checked = new Map<string, number>();
    const byLine = new Map(body.map(({ line, l }) => [line, l]));
    expect(boxes.length).toBeGreaterThan(50);
    for (const b of boxes) {
      expect(b.text, `line ${b.line}`).not.toMatch(/\|->|\[|\{/);
      expect(b.text.length).toBeLessThanOrEqual(28);
      const l = byLine.get(b.line)!;
      if (l.input?.kind === 'crash') continue;
      checked.set(l.action, (checked.get(l.action) ?? 0) + 1);
      if (l.action === 'Decide') expect(b.text).toBe(`Decide slot ${l.params.m.slot}`);
      if (l.action === 'Phase2b') expect(b.text).toBe(`Phase2b b${l.params.m.bal} slot ${l.params.m.slot}`);
      if (l.action === 'ApplyExecute') expect(b.text).toMatch(new RegExp(`^Apply slot ${Object.values(l.vars.applied)[0]} (put k\\d=v\\d|get k\\d)$`));
    }
    for (const action of ['Decide', 'Phase2b', 'ApplyExecute', 'Propose', 'Request', 'Receive', 'BecomeLeader']) expect(checked.get(action), action).toBeGreaterThan(0);
  });

  test("hovering a step shows what it changed and the node's whole spec state after it, folded from the lines", () => {
    const ranges = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const out: string[] = [];
      for (let i = 0; i < s.length; ) {
        let j = i;
        while (s[j + 1] === s[j]! + 1) j++;
        out.push(i === j ? `${s[i]}` : `${s[i]}–${s[j]}`);
        i = j + 1;
      }
      return out.join(', ');
    };
    const decided = new Map<string, Set<number>>();
    let checked = 0;
    for (const { line, l } of steps) {
      for (const [key, v] of Object.entries<any>(l.vars.decided ?? {})) {
        const [k, slot] = key.split('/');
        const set = decided.get(k!) ?? decided.set(k!, new Set()).get(k!)!;
        if (v.id === -1) set.delete(Number(slot));
        else set.add(Number(slot));
      }
      if (l.action !== 'ApplyExecute') continue;
      const k = String(l.params.s);
      const tip = new RegExp(`data-line="${line}"><title>([^<]*)`).exec(html)?.[1]?.replace(/&gt;/g, '>');
      expect(tip, `line ${line}`).toContain(`${l.node}'s spec state after it:`);
      expect(tip).toContain(`applied[${k}] = ${l.vars.applied[k]}`);
      expect(tip).toContain(`decided slots ${ranges([...decided.get(k)!])}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  test("clients' requests and replies read as commands and answers", () => {
    const texts = pages.flatMap((p) => labelsIn(p.svg)).map((l) => l.text);
    const requests = texts.filter((t) => /^#\d+ (put|get) /.test(t));
    const replies = texts.filter((t) => /^#\d+ → \S+ · slot \d+$/.test(t));
    expect(requests.length).toBeGreaterThan(5);
    expect(replies.length).toBeGreaterThan(5);
    expect(texts.filter((t) => /\|->|"/.test(t))).toEqual([]);
  });

  test('labels never overlap', () => {
    for (const p of pages) {
      const boxes = labelsIn(p.svg).map((l) => {
        const w = textWidth(l.text, LABEL_FONT) + 6;
        return { x: l.anchor === 'middle' ? l.x - w / 2 : l.x - 3, y: l.y - 10.5, w, h: 14 };
      });
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${p.id}: labels ${i} and ${j}`).toBe(false);
    }
  });
});

describe('paxos report of a Multi-Paxos trace without net notes (as another implementation may write it)', () => {
  test("sends with no addressee are paired with every receipt of them, by the messages' contents", async () => {
    const bare = lines.map(({ net, ...rest }) => rest);
    const file = join(dir, 'bare.ndjson');
    writeFileSync(file, `${bare.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const r = await buildReport(file, { check: false });
    const received = steps.filter(({ l }) => l.received !== undefined).length;
    const drawn = r.pages.reduce((n, p) => n + count(p.svg, 'msg') + count(p.svg, 'msg-in'), 0);
    // Every receipt has an arrow; sends nobody read stay single arrows.
    expect(drawn).toBeGreaterThanOrEqual(received);
    expect(r.summary.sent).toBe(steps.reduce((n, { l }) => n + l.sent.length, 0));
  });
});
