// The state graph the embedded engine exports (export_dot), read back: each
// state's variables and the edges between states.  In its default DOT mode
// ("clean") the engine writes every state as
//   s12 [label="msgs={...}\nmaxBal=[a1 |-> -1, ...]\n..."];
// numbered from 0 in the order it found them, initial states first, and
// every edge between two different states once, labelled with the action:
//   s0 -> s1 [label="Request"];
// Self-loops (steps that change nothing) are left out, and so are repeated
// edges: measured against explore_next on a whole small model, the edges are
// exactly the distinct non-stuttering successors of every state.
import { parseTlaValue, type TlaValue } from './tla-value.ts';

export interface DotGraph {
  /** Label of state s<i> at index i, unescaped: one `name=value` line per variable. */
  readonly labels: readonly string[];
  /** Edge k goes from state from[k] to state to[k]. */
  readonly from: Int32Array;
  readonly to: Int32Array;
}

export class DotSyntaxError extends Error {}

const NODE = /^\s*s(\d+) \[label="((?:[^"\\]|\\.)*)"\];\s*$/;
const EDGE = /^\s*s(\d+) -> s(\d+)\b/;

export function parseDot(dot: string): DotGraph {
  const labels: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (const line of dot.split('\n')) {
    const edge = EDGE.exec(line);
    if (edge) {
      from.push(Number(edge[1]));
      to.push(Number(edge[2]));
      continue;
    }
    if (!/^\s*s\d+ \[/.test(line)) continue; // the graph's header and footer
    const node = NODE.exec(line);
    if (!node) throw new DotSyntaxError(`unreadable DOT node: ${line.slice(0, 120)}`);
    const id = Number(node[1]);
    // Callers index states by number: a gap would silently shift them.
    if (id !== labels.length) throw new DotSyntaxError(`DOT states are not numbered 0, 1, 2, ...: s${id} after s${labels.length - 1}`);
    labels.push(unescapeLabel(node[2]!));
  }
  for (let k = 0; k < from.length; k++) {
    if (from[k]! >= labels.length || to[k]! >= labels.length) throw new DotSyntaxError(`DOT edge s${from[k]} -> s${to[k]} names a state that is not in the graph`);
  }
  return { labels, from: Int32Array.from(from), to: Int32Array.from(to) };
}

// DOT's escapes inside a quoted label: \n is a line break (the engine ends
// each variable with one), \" and \\ stand for themselves.
function unescapeLabel(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** A state's label as its variables, each parsed with parseTlaValue. */
export function parseStateLabel(label: string): Map<string, TlaValue> {
  const vars = new Map<string, TlaValue>();
  for (const line of label.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw new DotSyntaxError(`expected 'name=value' in a state label, got ${line.slice(0, 80)}`);
    vars.set(line.slice(0, eq), parseTlaValue(line.slice(eq + 1)));
  }
  return vars;
}
