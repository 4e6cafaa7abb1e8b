// The depth of a state graph, as TLC reports it: the number of states on the
// longest of the shortest paths from an initial state (an initial state has
// depth 1).  The embedded engine does not report it, but it can export the
// state graph in DOT, where states are numbered in the order it found them,
// initial states first; a breadth-first walk of that graph gives the depth.

export function depthFromDot(dot: string, initialStates: number): number {
  const successors = new Map<number, number[]>();
  let states = 0;
  for (const line of dot.split('\n')) {
    const edge = /^\s*s(\d+) -> s(\d+)/.exec(line);
    if (edge) {
      const from = Number(edge[1]);
      const list = successors.get(from);
      if (list) list.push(Number(edge[2]));
      else successors.set(from, [Number(edge[2])]);
    } else if (/^\s*s\d+ \[/.test(line)) states++;
  }
  if (states === 0) return 0;
  const seen = new Set<number>();
  let frontier: number[] = [];
  for (let s = 0; s < Math.min(initialStates, states); s++) {
    seen.add(s);
    frontier.push(s);
  }
  let depth = 0;
  while (frontier.length > 0) {
    depth++;
    const next: number[] = [];
    for (const s of frontier) {
      for (const t of successors.get(s) ?? []) {
        if (!seen.has(t)) {
          seen.add(t);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return depth;
}
