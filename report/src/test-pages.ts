// For the tests: the pages of a written report, read back from the HTML
// text as a browser would find them - each page section with its line
// range and its chart's SVG - and counts of the marks in it.  Regular
// expressions suffice: the markup is our own and regular.
export interface PageInFile {
  readonly id: string;
  readonly instance: number;
  readonly first: number;
  readonly last: number;
  readonly svg: string;
}

export function pagesInHtml(html: string): PageInFile[] {
  const out: PageInFile[] = [];
  const re = /<section class="page" id="([^"]+)" data-instance="(\d+)" data-first="(\d+)" data-last="(\d+)"[^>]*>([\s\S]*?)<\/section>/g;
  for (const m of html.matchAll(re)) {
    const chart = /<svg class="chart"[\s\S]*?<\/svg>/.exec(m[5]!);
    if (!chart) throw new Error(`page ${m[1]} has no chart`);
    out.push({ id: m[1]!, instance: Number(m[2]), first: Number(m[3]), last: Number(m[4]), svg: chart[0] });
  }
  return out;
}

/** Elements with the class `word` among their classes. */
export function count(svg: string, word: string): number {
  let n = 0;
  for (const m of svg.matchAll(/class="([^"]*)"/g)) if (m[1]!.split(' ').includes(word)) n++;
  return n;
}

/** The label texts with their positions. */
export function labelsIn(svg: string): { x: number; y: number; text: string; anchor: 'middle' | 'start' }[] {
  return [...svg.matchAll(/<text class="lbl[^"]*" x="([\d.-]+)" y="([\d.-]+)"( text-anchor="start")?>([^<]*)<\/text>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    anchor: m[3] ? 'start' : 'middle',
    text: m[4]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  }));
}
