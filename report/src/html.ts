// The report as one HTML file: the verdict of trace-check at the top, the
// run in figures, a legend, an index of the instances, and the charts, one
// page on screen at a time.  Everything inline - styles, script, SVG - so
// that the file opens offline, from anywhere.
import type { CheckReport } from '../../trace-check/src/check.ts';
import { formatCount, formatSeconds } from '../../cli/progress.ts';
import { CLIENT_SCRIPT } from './client.ts';
import type { InstanceView } from './instance.ts';
import type { Page } from './pages.ts';
import { swatch } from './legend-keys.ts';
import { MESSAGE_KINDS } from './palette.ts';
import type { Figure, Protocol } from './protocol.ts';
import { STYLES } from './styles.ts';
import type { Summary } from './summary.ts';
import { esc, escAttr } from './svg.ts';

export interface HtmlModel {
  readonly file: string;
  readonly spec: string;
  readonly source: unknown;
  readonly deployment: string;
  readonly check: CheckReport | null;
  readonly unchecked: string | null;
  readonly summary: Summary;
  readonly views: readonly InstanceView[];
  readonly pages: readonly Page[];
  readonly heads: string;
  /** The charts' width in px (all pages share their columns). */
  readonly chartWidth: number;
  /** Instances left out of the charts, and why. */
  readonly undrawn: ReadonlyMap<number, string>;
  readonly protocol: Protocol;
}

export const pageId = (p: { instance: number }, index: number) => `p-${p.instance}-${index + 1}`;

function sourceText(source: unknown): string {
  if (typeof source !== 'object' || source === null) return '';
  const s = source as Record<string, unknown>;
  if (s.kind === 'simulate') return `simulated: seed ${String(s.seed)}, ${formatCount(Number(s.steps))} steps, faults ${String(s.faults)}`;
  return Object.entries(s)
    .filter(([, v]) => typeof v !== 'object')
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

/** The invariants evaluated on every state the engine checked, and the others with the number of states they were evaluated on. */
function invariantCoverage(c: CheckReport): { every: string[]; some: [string, number][] } {
  const all = [...c.invariants];
  return { every: all.filter(([, v]) => v.states >= c.engineSteps).map(([n]) => n), some: all.filter(([, v]) => v.states < c.engineSteps).map(([n, v]) => [n, v.states]) };
}

function verdict(m: HtmlModel): string {
  const c = m.check;
  if (!c) return `<section class="verdict none"><div class="badge">?</div><div><h2>Not checked</h2><p>${esc(m.unchecked ?? 'no verdict')}.</p></div></section>`;
  const hidden = c.hidden.length === 0 ? 'no hidden steps inserted' : `${formatCount(c.hidden.reduce((n, h) => n + h.steps.length, 0))} hidden step(s) inserted, before ${formatCount(c.hidden.length)} line(s)`;
  const how = `trace-check replayed ${formatCount(c.checked)} of ${formatCount(c.steps)} steps against spec ${esc(c.spec)} in ${formatSeconds(c.seconds)} · ${hidden}`;
  if (!c.failure) {
    const { every, some } = invariantCoverage(c);
    if (some.length === 0) return `<section class="verdict ok"><div class="badge">✓</div><div><h2>Every step is a step of ${esc(c.spec)}, and every state satisfies its invariants</h2><p>${how}</p></div></section>`;
    // Some invariants cost too much on long runs' states: say which were evaluated where (trace-check/README.md, Invariants).
    const where = `invariants on every state: ${every.length > 0 ? every.join(', ') : 'none'}; on some states only (too costly on long runs): ${some.map(([n, k]) => `${n} on ${k === 0 ? 'none' : `${formatCount(k)} of ${formatCount(c.engineSteps)}`}`).join(', ')}`;
    return `<section class="verdict ok"><div class="badge">✓</div><div><h2>Every step is a step of ${esc(c.spec)}, and every state checked satisfies the invariants checked on it</h2><p>${how}</p><p>${esc(where)}</p></div></section>`;
  }
  const f = c.failure;
  const claim = 'step' in f.failure ? `${f.failure.step.step.node} claims ${f.failure.step.action}` : '';
  const diagnosis = [f.diagnosis.headline, ...f.diagnosis.details.map((d) => `  ${d}`)].join('\n');
  const others = c.otherFailures.length > 0 ? `<p>${formatCount(c.otherFailures.length)} other instance(s) fail too, first at ${c.otherFailures.slice(0, 6).map((o) => `<a href="#L${o.line}">line ${o.line}</a>`).join(', ')}${c.otherFailures.length > 6 ? ', …' : ''}.</p>` : '';
  return `<section class="verdict fail"><div class="badge">✗</div><div><h2>Line ${f.failure.line}: not a behaviour of ${esc(c.spec)} (instance ${f.instance})</h2><p>${esc(claim)}${claim ? ' — ' : ''}<a href="#L${f.failure.line}">show the failing step in the chart →</a></p><pre class="diagnosis">${esc(diagnosis)}</pre>${others}<p>${how}</p></div></section>`;
}

function figures(s: Summary): string {
  const fig = ({ n, label, cls, title }: Figure) => `<div class="fig${cls ? ` ${cls}` : ''}"${title ? ` title="${escAttr(title)}"` : ''}><b>${formatCount(n)}</b><span>${label}</span></div>`;
  const shared: Figure[] = [
    { n: s.steps, label: 'steps', title: 'lines that are steps of a node (an action of the spec, or a stutter)' },
    { n: s.events, label: 'events', title: 'lines that say what the world did: lost, duplicated, recover, partition, heal' },
    s.sentSpec === null
      ? { n: s.sent, label: 'messages sent', title: 'copies put on the network, one per addressee (a broadcast to 3 servers is 3), those the network dropped at once included' }
      : { n: s.sent, label: `messages sent (${formatCount(s.sentSpec)} spec)`, title: 'messages in the steps’ sent lists; spec: of types the spec knows' },
    { n: s.lost, label: 'lost', ...(s.lost > 0 ? { cls: 'warn' } : {}), title: 'sent but never delivered: dropped by the network, cut off by a partition, or arrived at a crashed node' },
    { n: s.duplicated, label: 'duplicated', ...(s.duplicated > 0 ? { cls: 'warn' } : {}), title: 'the network delivered a second copy' },
    { n: s.inFlight, label: 'never arrived', title: 'still travelling when the run ended' },
    { n: s.crashes, label: 'crashes', ...(s.crashes > 0 ? { cls: 'bad' } : {}) },
    ...(s.partitions > 0 ? [{ n: s.partitions, label: 'partitions', cls: 'warn' } as const] : []),
  ];
  const terms =
    s.sentSpec === null
      ? 'sent: copies put on the network, one per addressee, also those dropped at once · lost: never delivered (dropped, cut off by a partition, or arrived at a crashed node) · never arrived: still travelling at the end · hover a figure for more'
      : 'sent: the messages in the steps’ sent lists · lost: never delivered (dropped, cut off by a partition, or arrived at a crashed node) · never arrived: still travelling at the end · hover a figure for more';
  return `<section class="figures">${[...shared, ...s.outcome].map(fig).join('')}<p class="terms">${esc(terms)}</p></section>`;
}

function legend(protocol: Protocol): string {
  const sw = swatch;
  const kinds = protocol.kinds.map((id) => MESSAGE_KINDS.find((k) => k.id === id)!).map((k) => `<span class="key"><i class="m-${k.id}"></i>${esc(k.name)}${k.name !== k.classic ? ` <span style="color:#64748b">${esc(k.classic)}</span>` : ''}</span>`);
  const marks = [
    `<span class="key">${sw('<line x1="2" y1="8" x2="20" y2="8" stroke="#64748b" stroke-width="1.4" stroke-dasharray="6 3"/><path d="M20,3.5l5,9m0,-9l-5,9" stroke="#dc2626" stroke-width="2.2" stroke-linecap="round"/>')}lost</span>`,
    `<span class="key">${sw('<line x1="2" y1="8" x2="22" y2="8" stroke="#64748b" stroke-width="1.4" stroke-dasharray="2 3"/><path d="M28,8l-7,-3.5v7z" fill="#fff" stroke="#64748b"/>')}never arrived</span>`,
    `<span class="key">${sw('<rect x="3" y="2" width="20" height="12" rx="6" fill="#fff" stroke="#f59e0b"/><text x="13" y="11" font-size="9" font-weight="700" fill="#b45309" text-anchor="middle">×2</text>')}duplicated (2nd copy dashed)</span>`,
    `<span class="key">${sw('<rect x="1" y="2" width="36" height="12" rx="6" fill="#991b1b"/><text x="19" y="11" font-size="9" fill="#fff" text-anchor="middle">crash</text>', 38)}crash, <svg width="12" height="16" aria-hidden="true"><rect x="2" y="0" width="8" height="16" fill="#fee2e2"/><line x1="6" y1="0" x2="6" y2="16" stroke="#ef4444" stroke-width="2" stroke-dasharray="4 3"/></svg> down</span>`,
    `<span class="key">${sw('<rect x="1" y="2" width="40" height="12" rx="6" fill="#dcfce7" stroke="#16a34a"/><text x="21" y="11" font-size="9" fill="#166534" text-anchor="middle">recover</text>', 42)}</span>`,
    `<span class="key">${sw('<rect x="1" y="1" width="28" height="14" fill="#fff7ed" stroke="#fdba74" stroke-dasharray="4 3"/>')}partition</span>`,
    `<span class="key">${sw('<circle cx="15" cy="8" r="4" fill="#94a3b8"/>')}stutter</span>`,
    ...protocol.legendMarks(),
    `<span class="key">${sw('<rect x="1" y="1" width="28" height="14" fill="#fee2e2"/><rect x="6" y="3" width="18" height="10" rx="5" fill="none" stroke="#dc2626" stroke-width="2"/>')}failing step</span>`,
  ];
  return `<div class="legend">${[...kinds, ...marks].join('')}<span class="key" style="color:#64748b">time flows down · hover for details</span></div>`;
}

function indexNav(m: HtmlModel, pagesOf: ReadonlyMap<number, { id: string }[]>, failedLines: ReadonlyMap<number, number>): string {
  const items = m.views.map((v) => {
    const pages = pagesOf.get(v.instance) ?? [];
    const failed = failedLines.get(v.instance);
    const why = m.undrawn.get(v.instance);
    const cls = [failed !== undefined ? 'failed' : '', why ? 'undrawn' : ''].filter(Boolean).join(' ');
    const links = pages.map((p, i) => `<a class="pg" data-page="${p.id}" href="#${p.id}">${i + 1}</a>`).join('');
    const name = esc(m.protocol.instanceName(v.instance));
    const head = pages[0] ? `<a class="name" href="#${pages[0].id}">${name}</a>` : `<span class="name">${name}</span>`;
    const fail = failed !== undefined ? ` · <a href="#L${failed}">fails at line ${failed}</a>` : '';
    return `<li id="nav-${v.instance}"${cls ? ` class="${cls}"` : ''}>${head}<span class="meta">${esc(m.protocol.instanceMeta(v))}${fail}${why ? ` · ${esc(why)}` : ''}</span>${pages.length > 1 ? links : ''}</li>`;
  });
  const h = m.protocol.spec === 'MultiPaxos' && m.views.length === 1 ? 'one run' : `${formatCount(m.views.length)} instance${m.views.length === 1 ? '' : 's'}`;
  return `<nav class="index" aria-label="Instances"><h3>${h}</h3><ol>${items.join('')}</ol></nav>`;
}

export function renderHtml(m: HtmlModel): string {
  const pagesOf = new Map<number, { id: string; page: Page; index: number }[]>();
  for (const p of m.pages) {
    const list = pagesOf.get(p.instance) ?? pagesOf.set(p.instance, []).get(p.instance)!;
    list.push({ id: pageId(p, list.length), page: p, index: list.length });
  }
  const failedLines = new Map<number, number>();
  if (m.check?.failure) failedLines.set(m.check.failure.instance, m.check.failure.failure.line);
  for (const o of m.check?.otherFailures ?? []) if (!failedLines.has(o.instance)) failedLines.set(o.instance, o.line);

  const sections: string[] = [];
  let start = '';
  for (const [instance, list] of pagesOf) {
    const view = m.views.find((v) => v.instance === instance);
    for (const { id, page, index } of list) {
      const name = m.protocol.instanceName(instance);
      const title = `${name} · page ${index + 1} of ${list.length} · lines ${page.first}–${page.last}`;
      const chosen = (view?.chosen ?? [])
        .filter((c) => c.line >= page.first && c.line <= page.last)
        .map((c) => ` · <span style="color:#a16207">★ ${c.slots ? esc(c.short) : 'chosen'} at line ${c.line}</span>`)
        .join('');
      const failLine = failedLines.get(instance);
      if (m.check?.failure && failLine === m.check.failure.failure.line && failLine >= page.first && failLine <= page.last) start = `L${failLine}`;
      sections.push(
        `<section class="page" id="${id}" data-instance="${instance}" data-first="${page.first}" data-last="${page.last}" data-title="${escAttr(title)}"><div class="page-head"><b>${esc(name)}</b><span>page ${index + 1} of ${list.length} · lines ${page.first}–${page.last} · ${formatCount(page.steps)} steps${chosen}</span></div><div class="sheet">${m.heads}\n${page.svg}</div></section>`,
      );
    }
  }
  const options = m.views.filter((v) => pagesOf.has(v.instance)).map((v) => `<option value="${v.instance}">${esc(m.protocol.instanceName(v.instance))}</option>`);
  const undrawn = m.undrawn.size > 0 ? `<p class="undrawn-note">${formatCount(m.undrawn.size)} instance(s) are not drawn: ${esc([...new Set(m.undrawn.values())].join('; '))}.</p>` : '';
  const source = sourceText(m.source);
  const base = m.file.split('/').at(-1) ?? m.file;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="paxos-ref paxos report">
<title>paxos report — ${esc(base)}</title>
<style>${STYLES}
/* A chart a little wider than the window is scaled down to fit; a much wider one scrolls. */
.sheet svg{width:100%;height:auto;max-width:${m.chartWidth}px;min-width:${Math.round(m.chartWidth * 0.72)}px}</style>
</head>
<body data-start="${start}">
<header class="top"><h1>Paxos run <span class="file">${esc(m.file)}</span></h1><p class="sub">spec ${esc(m.spec)}${source ? ` · ${esc(source)}` : ''}${m.deployment ? ` · ${esc(m.deployment)}` : ''}</p></header>
${verdict(m)}
${figures(m.summary)}
<div class="main">
${indexNav(m, pagesOf, failedLines)}
<section class="viewer">
<div class="toolbar"><button class="prev" title="previous page (←)">‹ prev</button><button class="next" title="next page (→)">next ›</button><select aria-label="instance">${options.join('')}</select><span class="where"></span><span class="hint">← → pages · hover an arrow or a step</span></div>
${legend(m.protocol)}
<noscript><style>.page{display:block;margin-bottom:24px}</style></noscript>
${sections.join('\n')}
${undrawn}
</section>
</div>
<div id="tip"></div>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
