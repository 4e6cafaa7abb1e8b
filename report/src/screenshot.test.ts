// The report as a browser draws it: headless Chromium takes a screenshot,
// and the picture must be a real page - mostly not background, many
// colours, the verdict's green badge, arrows in the message colours - not
// a blank or an error page.  Skipped where Chromium is not installed (CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { makeConfig } from '../../impl/src/basic/config.ts';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../../impl/src/runtime/sim/trace.ts';
import { simulateMultiToTrace } from '../../impl/src/runtime/sim-multi/trace.ts';
import { MULTI_DEMO } from '../../cli/demo-multi.ts';
import { MESSAGE_KINDS } from './palette.ts';
import { decodePng, type Pixels } from './png.ts';
import { buildReport } from './report.ts';

const CHROMIUM = '/usr/bin/chromium';
const has = existsSync(CHROMIUM);
const [W, H] = [1400, 1000];

function screenshot(html: string, png: string, height = H): Pixels {
  const args = ['--headless', '--disable-gpu', '--hide-scrollbars', `--window-size=${W},${height}`, `--screenshot=${png}`];
  // Chromium refuses its sandbox to root (containers).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const r = spawnSync(CHROMIUM, [...args, pathToFileURL(html).href], { encoding: 'utf8', timeout: 90_000 });
  expect(existsSync(png), `chromium wrote no screenshot: ${r.stderr}`).toBe(true);
  return decodePng(readFileSync(png));
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

/** Pixels within `tol` of the colour, in each channel. */
function pixelsNear(p: Pixels, colour: string, tol = 24, fromRow = 0): number {
  const [r, g, b] = hex(colour) as [number, number, number];
  let n = 0;
  for (let i = fromRow * p.width; i < p.width * p.height; i++) {
    const o = i * p.channels;
    if (Math.abs(p.data[o]! - r) <= tol && Math.abs(p.data[o + 1]! - g) <= tol && Math.abs(p.data[o + 2]! - b) <= tol) n++;
  }
  return n;
}

function distinctColours(p: Pixels): number {
  const seen = new Set<number>();
  for (let i = 0; i < p.width * p.height; i++) {
    const o = i * p.channels;
    seen.add(((p.data[o]! >> 3) << 10) | ((p.data[o + 1]! >> 3) << 5) | (p.data[o + 2]! >> 3));
  }
  return seen.size;
}

/** A report of a short simulated run, written to a new directory. */
async function writeReport(): Promise<{ dir: string; html: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-report-shot-'));
  const config = makeConfig({ proposers: ['s1', 's2', 's3'], acceptors: ['s1', 's2', 's3'], learners: ['s1', 's2', 's3'] });
  const { text } = simulateToTrace({ config, seed: 7, steps: 300, faults: parseFaults('loss=0.2,dup=0.1,crash=0.05') });
  writeFileSync(join(dir, 'run.ndjson'), text);
  const r = await buildReport(join(dir, 'run.ndjson'));
  writeFileSync(join(dir, 'run.html'), r.html);
  return { dir, html: r.html };
}

const SKIP = 'Chromium not installed (apt-get install chromium)';

describe('the report in a browser', () => {
  (has ? test : test.skip)(has ? `headless Chromium draws it: a ${W}×${H} screenshot of a real page` : `screenshot: ${SKIP}`, async () => {
    const { dir } = await writeReport();
    const p = screenshot(join(dir, 'run.html'), join(dir, 'run.png'));
    expect([p.width, p.height]).toEqual([W, H]);
    const background = pixelsNear(p, '#f8fafc', 2) + pixelsNear(p, '#ffffff', 2);
    expect(background / (W * H)).toBeLessThan(0.97);
    expect(distinctColours(p)).toBeGreaterThan(60);
    // The verdict's badge, and arrows of the first phases in their colours.
    expect(pixelsNear(p, '#15803d', 10)).toBeGreaterThan(200);
    for (const id of ['request', '1a', '1b']) {
      const colour = MESSAGE_KINDS.find((k) => k.id === id)!.color;
      expect(pixelsNear(p, colour, 30), `${id} arrows (${colour})`).toBeGreaterThan(40);
    }
  });

  (has ? test : test.skip)(has ? 'hovering a step or an arrow shows its details; the script runs without errors' : `hover: ${SKIP}`, async () => {
    const { dir, html } = await writeReport();
    // Hover by script, then read the tooltip back from the DOM Chromium dumps.
    const probe = `<script>
      const tip = document.getElementById('tip');
      const step = document.querySelector('section.page.on g.step.a-Phase1b');
      step.querySelector('rect').dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      document.body.dataset.stepTip = tip.style.display + '|' + tip.textContent + '|' + (step.querySelector('title') === null);
      document.querySelector('section.page.on g.msg.m-2a .ln').dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      document.body.dataset.msgTip = tip.textContent;
    </script></body>`;
    writeFileSync(join(dir, 'probe.html'), html.replace('</body>', probe));
    const args = ['--headless', '--disable-gpu', '--enable-logging=stderr', '--v=0', '--dump-dom', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    const r = spawnSync(CHROMIUM, [...args, pathToFileURL(join(dir, 'probe.html')).href], { encoding: 'utf8', timeout: 90_000 });
    expect(r.stderr).not.toMatch(/Uncaught/);
    const attr = (name: string) => (new RegExp(`${name}="([^"]*)"`).exec(r.stdout)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
    // The browser's own tooltip is gone once ours shows (no double tooltip).
    expect(attr('data-step-tip')).toMatch(/^block\|s\d \(acceptor\) · line \d+ · seq \d+ · t=\d+ · instance 0\nPhase1b\(a="s\d", b=\d+\)\n[\s\S]*vars after the step:\n {2}pBal\[\d\] = [\s\S]*\|true$/);
    expect(attr('data-msg-tip')).toMatch(/^2a \(accept\): s\d → s\d\n {2}bal = \d+\n {2}val = "v0\.\d"\nsent: line \d+ \(seq \d+, t=\d+\)\n(received|lost)/);
  });

  (has ? test : test.skip)(has ? `the Multi-Paxos run of the demo: the first screen shows arrows of every phase, lost messages, the leader's crash and a slot chosen` : `multi screenshot: ${SKIP}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-report-shot-multi-'));
    const { text } = simulateMultiToTrace({ seed: MULTI_DEMO.seed, steps: MULTI_DEMO.steps, faults: parseFaults(MULTI_DEMO.faults) });
    writeFileSync(join(dir, 'multi.ndjson'), text);
    const r = await buildReport(join(dir, 'multi.ndjson'));
    writeFileSync(join(dir, 'multi.html'), r.html);
    const height = 1800;
    const p = screenshot(join(dir, 'multi.html'), join(dir, 'multi.png'), height);
    expect([p.width, p.height]).toEqual([W, height]);
    const background = pixelsNear(p, '#f8fafc', 2) + pixelsNear(p, '#ffffff', 2);
    expect(background / (W * height)).toBeLessThan(0.97);
    expect(distinctColours(p)).toBeGreaterThan(60);
    expect(pixelsNear(p, '#15803d', 10)).toBeGreaterThan(200);
    // Below the legend (whose keys have these colours too): the chart.
    const chart = 620;
    for (const id of ['request', 'reply', 'redirect', '1a', '1b', '2a', '2b']) {
      const colour = MESSAGE_KINDS.find((k) => k.id === id)!.color;
      expect(pixelsNear(p, colour, 30, chart), `${id} arrows (${colour})`).toBeGreaterThan(40);
    }
    // The crash box (dark red), the crosses of lost messages, the chosen star, an Apply box.
    expect(pixelsNear(p, '#991b1b', 12, chart), 'crash').toBeGreaterThan(300);
    expect(pixelsNear(p, '#dc2626', 30, chart), 'lost crosses').toBeGreaterThan(40);
    expect(pixelsNear(p, '#facc15', 20, chart), 'chosen star').toBeGreaterThan(20);
    expect(pixelsNear(p, '#4c1d95', 12, chart), 'Apply').toBeGreaterThan(200);
  });
});
