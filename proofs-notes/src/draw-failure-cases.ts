// npx tsx proofs-notes/src/draw-failure-cases.ts: writes, for each failure
// case, its trace (proofs-notes/diagrams/<name>.ndjson) and its chart
// (<name>.svg), drawn by the report's code (report/) as one standalone SVG.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReport } from '../../report/src/report.ts';
import { STYLES } from '../../report/src/styles.ts';
import { repoRoot } from '../../modelcheck/src/models.ts';
import { FAILURE_CASES, failureCaseTrace, type FailureCase } from './failure-cases.ts';

export const diagramsDir = join(repoRoot, 'proofs-notes', 'diagrams');

const attr = (svg: string, name: string) => Number(new RegExp(`^<svg[^>]*\\s${name}="([\\d.]+)"`).exec(svg)?.[1] ?? NaN);

/** The lifeline heads over the chart, with the report's styles, in one SVG document. */
function standalone(title: string, heads: string, chart: string): string {
  const width = Math.max(attr(heads, 'width'), attr(chart, 'width'));
  const headH = attr(heads, 'height');
  const height = headH + attr(chart, 'height');
  const place = (svg: string, y: number) => svg.replace(/^<svg /, `<svg x="0" y="${y}" `);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title>`,
    `<style>${STYLES}</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    place(heads, 0),
    place(chart, headH),
    '</svg>',
    '',
  ].join('\n');
}

export interface Drawn {
  readonly name: string;
  readonly trace: string;
  readonly svg: string;
  /** trace-check's verdict on the trace: null when it passed. */
  readonly checkFailure: string | null;
}

/** Draw one case (writing its trace first: the report reads a file). */
export async function drawFailureCase(c: FailureCase, dir = diagramsDir): Promise<Drawn> {
  mkdirSync(dir, { recursive: true });
  const trace = failureCaseTrace(c);
  const traceFile = join(dir, `${c.name}.ndjson`);
  writeFileSync(traceFile, trace);
  // Paths in the report are relative to the repository, so that the
  // drawing does not depend on where the repository is checked out.
  const report = await buildReport(relative(process.cwd(), traceFile), { pageSteps: 1000 });
  if (report.pages.length !== 1) throw new Error(`${c.name}: drawn on ${report.pages.length} pages, expected one`);
  const heads = /<svg class="heads"[\s\S]*?<\/svg>/.exec(report.html)?.[0];
  if (!heads) throw new Error(`${c.name}: the report has no lifeline heads`);
  const failure = report.check?.failure ? `${report.check.failure.diagnosis.headline}` : report.unchecked;
  return { name: c.name, trace, svg: standalone(c.title, heads, report.pages[0]!.svg), checkFailure: failure ?? null };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const c of FAILURE_CASES) {
    const d = await drawFailureCase(c);
    writeFileSync(join(diagramsDir, `${c.name}.svg`), d.svg);
    console.log(`${c.name}: ${d.checkFailure === null ? 'trace-check passed' : `trace-check: ${d.checkFailure}`}; wrote proofs-notes/diagrams/${c.name}.svg`);
  }
}
