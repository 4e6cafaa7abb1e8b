// The report of a real simulated run, read back from the file it writes:
// every page's chart has one lifeline per node and client, one arrow per
// message its steps sent, one cross per lost message, one mark per crash,
// duplicate and recovery, the chosen moment of each instance, and the
// verdict on top.  The expected figures are counted here from the trace's
// own lines, not through the report's code.  A corrupted line shows as
// the failing step.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeConfig } from '../../impl/src/basic/config.ts';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../../impl/src/runtime/sim/trace.ts';
import { overlaps } from './labels.ts';
import { LABEL_FONT, textWidth } from './layout.ts';
import { buildReport } from './report.ts';
import { count, labelsIn, pagesInHtml, type PageInFile } from './test-pages.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-report-'));
const config = makeConfig({ proposers: ['s1', 's2', 's3'], acceptors: ['s1', 's2', 's3'], learners: ['s1', 's2', 's3'] });
const { text } = simulateToTrace({ config, seed: 7, steps: 300, faults: parseFaults('loss=0.2,dup=0.1,crash=0.05') });
const traceFile = join(dir, 'run.ndjson');
writeFileSync(traceFile, text);

type Line = Record<string, any>;
const lines: Line[] = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
const header = lines[0]!;
/** Line number (1-based) with the parsed line, after the header. */
const body = lines.slice(1).map((l, i) => ({ line: i + 2, l }));
const inPage = (p: PageInFile) => body.filter(({ line, l }) => line >= p.first && line <= p.last && (l.instance ?? 0) === p.instance).map(({ l }) => l);

/** The first line of each instance after which a quorum has voted for one value in one ballot. */
function chosenLines(): Map<number, number> {
  const quorums = header.constants.Quorums as string[][];
  const out = new Map<number, number>();
  const votes = new Map<string, Set<string>>();
  for (const { line, l } of body) {
    if (l.action !== 'Phase2b' || out.has(l.instance)) continue;
    const key = `${l.instance}/${l.params.b}/${l.params.v}`;
    const voters = votes.get(key) ?? votes.set(key, new Set()).get(key)!;
    voters.add(l.params.a);
    if (quorums.some((q) => q.every((a) => voters.has(a)))) out.set(l.instance, line);
  }
  return out;
}

describe('paxos report of a simulated run (seed 7, 300 steps, loss=0.2,dup=0.1,crash=0.05)', () => {
  let html: string;
  let pages: PageInFile[];
  beforeAll(async () => {
    const r = await buildReport(traceFile);
    writeFileSync(join(dir, 'run.html'), r.html);
    html = readFileSync(join(dir, 'run.html'), 'utf8');
    pages = pagesInHtml(html);
  });

  test('the run has what the chart must show', () => {
    const events = body.map(({ l }) => l.event).filter(Boolean);
    expect(events.filter((e) => e === 'lost').length).toBeGreaterThan(10);
    expect(events.filter((e) => e === 'duplicated').length).toBeGreaterThan(3);
    expect(body.filter(({ l }) => l.input?.kind === 'crash').length).toBeGreaterThan(3);
    expect(new Set(body.map(({ l }) => l.instance)).size).toBeGreaterThan(2);
  });

  test('the verdict and the summary figures are at the top', () => {
    expect(html).toContain('<section class="verdict ok">');
    expect(html).toContain('Every step is a step of Paxos, and every state satisfies its invariants');
    const steps = body.filter(({ l }) => l.action !== undefined).length;
    const sent = body.reduce((n, { l }) => n + (l.sent?.length ?? 0), 0);
    expect(html).toContain(`<b>${steps}</b><span>steps</span>`);
    expect(html).toContain(`<b>${sent}</b><span>messages sent`);
    expect(html).toContain(`<b>${body.filter(({ l }) => l.event === 'lost').length}</b><span>lost</span>`);
  });

  test('one chart (or more pages) per instance, each page under its line range', () => {
    const instances = [...new Set(body.map(({ l }) => l.instance as number))];
    expect([...new Set(pages.map((p) => p.instance))]).toEqual(instances);
    for (const i of instances) expect(html).toContain(`<option value="${i}">Instance ${i}</option>`);
  });

  test('one lifeline per node and per client on every page', () => {
    const nodes = new Set<string>([...header.deployment.proposers, ...header.deployment.acceptors, ...header.deployment.learners]);
    const clients = new Set(body.filter(({ l }) => l.action === 'Request').map(({ l }) => l.node as string));
    expect(clients.size).toBe(2);
    for (const p of pages) {
      expect(count(p.svg, 'lifeline')).toBe(nodes.size + clients.size);
      for (const n of [...nodes, ...clients]) expect(p.svg).toContain(`data-node="${n}"`);
    }
  });

  test('an arrow per message sent, a cross per message lost, a mark per duplicate, crash and recovery', () => {
    let arrows = 0;
    for (const p of pages) {
      const ls = inPage(p);
      const sent = ls.reduce((n, l) => n + (l.sent?.length ?? 0), 0);
      expect(count(p.svg, 'msg'), `${p.id}: arrows`).toBe(sent);
      expect(count(p.svg, 'lost-mark'), `${p.id}: lost`).toBe(ls.filter((l) => l.event === 'lost').length);
      expect(count(p.svg, 'dup-mark'), `${p.id}: duplicated`).toBe(ls.filter((l) => l.event === 'duplicated').length);
      expect(count(p.svg, 'dupmsg'), `${p.id}: second copies`).toBe(ls.filter((l) => l.event === 'duplicated').length);
      expect(count(p.svg, 'crash-mark'), `${p.id}: crashes`).toBe(ls.filter((l) => l.input?.kind === 'crash').length);
      expect(count(p.svg, 'recover-mark'), `${p.id}: recoveries`).toBe(ls.filter((l) => l.event === 'recover').length);
      expect(count(p.svg, 'learn-mark'), `${p.id}: Learn steps`).toBe(ls.filter((l) => l.action === 'Learn').length);
      arrows += count(p.svg, 'msg');
    }
    expect(arrows).toBe(body.reduce((n, { l }) => n + (l.sent?.length ?? 0), 0));
  });

  test('the moment each value is chosen is marked once, at the vote that completed a quorum', () => {
    const chosen = chosenLines();
    expect(chosen.size).toBeGreaterThan(2);
    for (const p of pages) {
      const at = chosen.get(p.instance);
      const here = at !== undefined && at >= p.first && at <= p.last;
      expect(count(p.svg, 'chosen-mark'), p.id).toBe(here ? 1 : 0);
      if (here) expect(p.svg).toMatch(new RegExp(`class="chosen-note"[^>]*>chosen: v${p.instance}\\.\\d<`));
    }
  });

  test('hovering shows the fields of messages and the action, params and variables of steps', () => {
    const p = pages[0]!;
    expect(p.svg).toMatch(/<g class="msg m-1a[^"]*"><title>1a \(prepare\): s\d → s\d\n {2}bal = \d+\nsent: line \d+/);
    expect(p.svg).toMatch(/<title>s\d \(acceptor\) · line \d+ · seq \d+ · t=\d+ · instance 0\nPhase1b\(a="s\d", b=\d+\)\ninput: receive\nreceived: 1a from s\d bal=\d+\nsent: 1b to s\d acc="s\d" bal=\d+ mbal=-?\d+ mval=\S+\nvars after the step:\n {2}pBal\[\d\] = -?\d+/);
  });

  test('labels never overlap', () => {
    for (const p of pages) {
      const boxes = labelsIn(p.svg).map((l) => {
        const w = textWidth(l.text, LABEL_FONT) + 6;
        return { x: l.anchor === 'middle' ? l.x - w / 2 : l.x - 3, y: l.y - 10.5, w, h: 14 };
      });
      expect(boxes.length).toBeGreaterThan(5);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${p.id}: labels ${i} and ${j}`).toBe(false);
    }
  });

  test('the file stands alone: no scripts, styles, fonts or images fetched', () => {
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe('paxos report of a trace with a corrupted line', () => {
  test('the failing step is highlighted in its chart, and the diagnosis is shown', async () => {
    const raw = text.trimEnd().split('\n');
    const i = raw.findIndex((l, k) => k > 0 && (JSON.parse(l) as Line).action === 'Phase2b');
    const l = JSON.parse(raw[i]!) as Line;
    l.params.b += 1;
    raw[i] = JSON.stringify(l);
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, `${raw.join('\n')}\n`);
    const r = await buildReport(bad);
    const line = i + 1;
    expect(r.check?.failure?.failure.line).toBe(line);
    expect(r.html).toContain('<section class="verdict fail">');
    expect(r.html).toContain(`Line ${line}: not a behaviour of Paxos (instance ${l.instance})`);
    expect(r.html).toMatch(/<pre class="diagnosis">Phase2b\(.*\) is not enabled/);
    expect(r.html).toContain(`<body data-start="L${line}">`);
    const page = pagesInHtml(r.html).find((p) => p.instance === l.instance && p.first <= line && line <= p.last)!;
    expect(count(page.svg, 'failing')).toBe(1);
    expect(page.svg).toMatch(new RegExp(`<g class="step a-Phase2b fail" data-line="${line}">`));
    expect(page.svg).toContain(`line ${line}: not a Paxos step`);
    for (const other of pagesInHtml(r.html).filter((p) => p.id !== page.id)) expect(count(other.svg, 'failing')).toBe(0);
  });
});
