// The report's stylesheet, inline: the file must open anywhere, offline,
// with nothing fetched.  System fonts only.  The message colours are
// generated from the palette so that chart, legend and code agree.
import { ACTION_KINDS, MESSAGE_KINDS, OTHER } from './palette.ts';

const SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif';
const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace';

function kindRules(): string {
  return [...MESSAGE_KINDS, OTHER]
    .map((k) => {
      const m = `m-${k.id}`;
      return [
        `.${m} .ln{stroke:${k.color}}`,
        `.${m} .hd{fill:${k.color};stroke:${k.color}}`,
        `.${m} .hd.open{fill:#fff}`,
        `.lbl.${m}{fill:${k.color}}`,
        `.key .${m}{background:${k.color}}`,
      ].join('');
    })
    .join('\n');
}

function actionRules(): string {
  // Learn (Basic) has its own mark, learn-mark; ApplyExecute and ApplySkip (Multi) theirs, apply-mark.
  return Object.entries(ACTION_KINDS)
    .filter(([a]) => a !== 'Learn')
    .map(([a, id]) => {
      const k = MESSAGE_KINDS.find((m) => m.id === id) ?? OTHER;
      return `.a-${a} rect{fill:${k.tint};stroke:${k.color}}.a-${a} text{fill:${shade(k.color)}}`;
    })
    .join('\n');
}

/** A darker shade of a #rrggbb colour, for text on its tint. */
function shade(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const f = (c: number) => Math.round(c * 0.62).toString(16).padStart(2, '0');
  return `#${f((n >> 16) & 255)}${f((n >> 8) & 255)}${f(n & 255)}`;
}

export const STYLES = `
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--ok:#15803d;--bad:#b91c1c}
*{box-sizing:border-box}
html,body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 ${SANS}}
a{color:#1d4ed8;text-decoration:none}a:hover{text-decoration:underline}
header.top{padding:18px 28px 8px}
header.top h1{margin:0;font-size:22px;font-weight:700;letter-spacing:-.01em}
header.top h1 .file{font-weight:500;color:var(--muted);font-family:${MONO};font-size:17px;margin-left:6px}
header.top .sub{margin:4px 0 0;color:var(--muted);font-size:13px}
.verdict{margin:10px 28px;padding:14px 18px;border-radius:10px;display:flex;gap:14px;align-items:flex-start;border:1px solid}
.verdict.ok{background:#f0fdf4;border-color:#bbf7d0}
.verdict.fail{background:#fef2f2;border-color:#fecaca}
.verdict.none{background:#f8fafc;border-color:var(--line)}
.verdict .badge{flex:none;width:30px;height:30px;border-radius:50%;display:grid;place-items:center;color:#fff;font-weight:800;font-size:17px}
.verdict.ok .badge{background:var(--ok)}.verdict.fail .badge{background:var(--bad)}.verdict.none .badge{background:var(--muted)}
.verdict h2{margin:2px 0 2px;font-size:16px}
.verdict.ok h2{color:var(--ok)}.verdict.fail h2{color:var(--bad)}
.verdict p{margin:2px 0;color:#334155;font-size:13px}
.verdict pre{margin:8px 0 4px;padding:10px 12px;background:#fff;border:1px solid #fecaca;border-radius:8px;font:12px/1.5 ${MONO};white-space:pre-wrap;overflow-x:auto;max-height:260px}
.figures{display:flex;flex-wrap:wrap;gap:10px;margin:12px 28px}
.fig{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 14px;min-width:104px}
.fig b{display:block;font-size:20px;font-variant-numeric:tabular-nums}
.fig span{color:var(--muted);font-size:12px}
.figures .terms{flex-basis:100%;margin:0;color:var(--muted);font-size:12px}
.fig.warn b{color:#b45309}.fig.bad b{color:var(--bad)}.fig.good b{color:var(--ok)}
.main{display:flex;gap:16px;margin:8px 28px 28px;align-items:flex-start}
nav.index{flex:none;width:232px;background:var(--card);border:1px solid var(--line);border-radius:10px;max-height:calc(100vh - 40px);overflow:auto;position:sticky;top:12px}
nav.index h3{margin:0;padding:10px 12px 6px;font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);position:sticky;top:0;background:var(--card)}
nav.index ol{list-style:none;margin:0;padding:0 6px 8px}
nav.index li{padding:5px 8px;border-radius:7px;font-size:13px}
nav.index li.cur{background:#eef2ff}
nav.index li .meta{display:block;color:var(--muted);font-size:11.5px}
nav.index li .pg{display:inline-block;min-width:18px;text-align:center;margin:2px 2px 0 0;padding:0 4px;border-radius:5px;background:#f1f5f9;font-size:11px;color:#334155}
nav.index li .pg.cur{background:#4f46e5;color:#fff}
nav.index li.failed .name{color:var(--bad);font-weight:700}
nav.index li.undrawn{opacity:.55}
.viewer{flex:1;min-width:0}
.toolbar{display:flex;align-items:center;gap:10px;flex-wrap:wrap;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 12px;margin-bottom:10px}
.toolbar button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:7px;padding:3px 10px;cursor:pointer}
.toolbar button:hover{background:#f1f5f9}
.toolbar select{font:inherit;border:1px solid var(--line);border-radius:7px;padding:3px 6px;background:#fff}
.toolbar .where{font-weight:600}.toolbar .hint{margin-left:auto;color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;font-size:12px;color:#334155;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 12px;margin-bottom:10px}
.legend .key{display:inline-flex;align-items:center;gap:6px}
.legend .key i{display:inline-block;width:22px;height:3px;border-radius:2px}
.legend svg{vertical-align:middle}
.page{display:none}.page.on{display:block}
.page-head{display:flex;gap:12px;align-items:baseline;margin:0 0 6px;font-size:13px;color:var(--muted)}
.page-head b{color:var(--ink);font-size:15px}
.sheet{background:#fff;border:1px solid var(--line);border-radius:10px;overflow:auto;max-height:calc(100vh - 60px)}
.sheet .heads{position:sticky;top:0;z-index:1;display:block;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line)}
.sheet .chart{display:block}
.undrawn-note{padding:18px;color:var(--muted)}
#tip{position:fixed;z-index:10;pointer-events:none;max-width:460px;background:#0f172a;color:#e2e8f0;border-radius:8px;padding:8px 10px;font:12px/1.45 ${MONO};white-space:pre-wrap;box-shadow:0 8px 24px rgba(15,23,42,.25);display:none}
#tip b{color:#fff;font-family:${SANS};font-size:12.5px}
svg text{font-family:${SANS}}
.heads rect{fill:#eef2ff;stroke:#6366f1;stroke-width:1.2}
.heads .client rect{fill:#f1f5f9;stroke:#64748b}
.heads .name{font-size:13px;font-weight:700;text-anchor:middle;fill:#1e1b4b}
.heads .client .name{fill:#1e293b}
.heads .role{font-size:10px;text-anchor:middle;fill:#64748b}
.gutter-head{font-size:10px;fill:#94a3b8}
.lifeline{stroke:#cbd5e1;stroke-width:1.5}
.lifeline.client{stroke-dasharray:3 3}
.down rect{fill:#fee2e2}.down line{stroke:#ef4444;stroke-width:2;stroke-dasharray:5 4}
.ln-no{font-size:10px;fill:#64748b;text-anchor:end;font-variant-numeric:tabular-nums}
.time{font-size:9.5px;fill:#a8b3c4;font-variant-numeric:tabular-nums}
.other-event circle{fill:#94a3b8}
.ln{fill:none;stroke-width:1.4}
.hit{fill:none;stroke:transparent;stroke-width:9}
.hd{stroke-width:1;stroke-linejoin:round}
.msg-in .ln{stroke-dasharray:7 3}
.dupmsg .ln{stroke-dasharray:5 3;stroke-width:1.2}
.flight .ln{stroke-dasharray:2 3}
.lost .ln{stroke-dasharray:6 3}
.msg:hover .ln,.msg-in:hover .ln,.dupmsg:hover .ln{stroke-width:2.6}
.lost-mark{fill:none;stroke:#dc2626;stroke-width:2.4;stroke-linecap:round}
.dup-mark rect{fill:#fff;stroke:#f59e0b;stroke-width:1.2}
.dup-mark text{font-size:9px;font-weight:700;fill:#b45309;text-anchor:middle}
.lbl{font-size:10.5px;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:5px;stroke-linejoin:round;font-weight:500}
.lbl.note{font-size:9.5px;font-style:italic}
.lbl.orphan{fill:#b91c1c}
.labels a .lbl{text-decoration:underline}
.step text{font-size:11px;font-weight:600;text-anchor:middle}
.step rect{stroke-width:1.2;fill:#f3f4f6;stroke:#6b7280}.step text{fill:#374151}
.step:hover rect{stroke-width:2.2}
.a-Stutter circle{fill:#94a3b8;stroke:#fff;stroke-width:1.5}
.a-Stutter:hover circle{fill:#475569}
${actionRules()}
.crash-mark rect{fill:#991b1b;stroke:#7f1d1d}.crash-mark text{fill:#fff}
.learn-mark rect{fill:#7c3aed;stroke:#5b21b6}.learn-mark text{fill:#fff}
.learn-note{font-size:11px;fill:#6d28d9;font-weight:600}
.apply-mark rect{fill:#4c1d95;stroke:#2e1065}.apply-mark text{fill:#fff}
.apply-mark.skip rect{fill:#ede9fe;stroke:#7c3aed}.apply-mark.skip text{fill:#5b21b6}
.recover-mark rect{fill:#dcfce7;stroke:#16a34a}.recover-mark text{font-size:10px;font-weight:600;fill:#166534;text-anchor:middle}
.partition-band rect{fill:#fff7ed;stroke:#fdba74;stroke-dasharray:6 4}
.partition-band text{font-size:10.5px;font-weight:600;fill:#c2410c}
.failing-row{fill:#fee2e2;opacity:.8}
.fail-ring{fill:none;stroke:#dc2626;stroke-width:2.5}
.fail-x{stroke:#dc2626;stroke-width:2.6;stroke-linecap:round}
.fail-note{font-size:11px;font-weight:700;fill:#b91c1c}
.fail-sub{font-size:10.5px;fill:#7f1d1d}
.chosen-rule{stroke:#ca8a04;stroke-width:1.5;stroke-dasharray:7 4}
.star{fill:#facc15;stroke:#a16207;stroke-width:1}
.chosen-note{font-size:12px;font-weight:700;fill:#854d0e}
.chosen-sub{font-size:10.5px;fill:#a16207}
.chosen-rule.conflict{stroke:#dc2626}
.conflict .star{fill:#f87171;stroke:#991b1b}.conflict .chosen-note{fill:#b91c1c}
.flash rect,.flash circle{stroke:#f59e0b;animation:flash 1.2s ease-in-out 3}
@keyframes flash{0%,100%{stroke-width:1.5}50%{stroke-width:6}}
${kindRules()}
@media print{nav.index,.toolbar{display:none}.page{display:block}.sheet{max-height:none;overflow:visible}}
`;
