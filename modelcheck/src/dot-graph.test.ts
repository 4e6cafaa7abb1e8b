// Reading the engine's DOT export, and the fact the conformance check rests
// on: in the default DOT mode the edges are exactly the distinct
// non-stuttering successors of every state, as explore_next computes them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DotSyntaxError, parseDot, parseStateLabel } from './dot-graph.ts';
import { canonical, type TlaValue } from './tla-value.ts';
import { loadEngine } from './embedded/wasm.ts';
import { repoRoot } from './models.ts';
import { fromTlaValue } from '../../trace-check/src/values.ts';

describe('parseDot', () => {
  test('states in number order with their labels unescaped, and the edges', () => {
    const dot = [
      'digraph StateGraph {',
      '  rankdir=TB;',
      '  node [shape=box, fontname="monospace"];',
      '  s0 [label="x={}\\ny=[a |-> \\"q\\\\\\"]"];',
      '  s1 [label="x={1}\\ny=(0 :> TRUE)"];',
      '  s0 -> s1 [label="Add"];',
      '  s1 -> s0 [label="Remove"];',
      '}',
    ].join('\n');
    const g = parseDot(dot);
    expect(g.labels).toEqual(['x={}\ny=[a |-> "q\\"]', 'x={1}\ny=(0 :> TRUE)']);
    expect([...g.from]).toEqual([0, 1]);
    expect([...g.to]).toEqual([1, 0]);
    const s1 = parseStateLabel(g.labels[1]!);
    expect([...s1.keys()]).toEqual(['x', 'y']);
    expect(s1.get('y')).toEqual({ kind: 'function', pairs: [[{ kind: 'int', value: 0 }, { kind: 'bool', value: true }]] });
  });

  test('a gap in the numbering, an unreadable state or an edge to nowhere is an error, not a shifted graph', () => {
    expect(() => parseDot('  s0 [label="x=1"];\n  s2 [label="x=2"];')).toThrow(DotSyntaxError);
    expect(() => parseDot('  s0 [label=x];')).toThrow(/unreadable DOT node/);
    expect(() => parseDot('  s0 [label="x=1"];\n  s0 -> s1 [label="A"];')).toThrow(/not in the graph/);
    expect(() => parseStateLabel('no equals sign')).toThrow(/name=value/);
  });
});

// The engine's JSON state back to a TLA+ value, for comparing with labels.
function fromJson(x: unknown): TlaValue {
  if (typeof x === 'number') return { kind: 'int', value: x };
  if (typeof x === 'string') return { kind: 'string', value: x };
  if (typeof x === 'boolean') return { kind: 'bool', value: x };
  if (Array.isArray(x)) return { kind: 'set', elements: x.map(fromJson) };
  const o = x as Record<string, unknown>;
  if (typeof o.__model === 'string') return { kind: 'model', name: o.__model };
  if (Array.isArray(o.__fn)) return { kind: 'function', pairs: (o.__fn as unknown[][]).map((p) => [fromJson(p[0]), fromJson(p[1])]) };
  if (Array.isArray(o.__tuple)) return { kind: 'tuple', elements: (o.__tuple as unknown[]).map(fromJson) };
  return { kind: 'record', fields: Object.entries(o).map(([k, v]) => [k, fromJson(v)]) };
}

const stateKey = (vars: Iterable<[string, TlaValue]>) => [...vars].map(([k, v]) => `${k}=${canonical(v)}`).sort().join('\n');

describe('the DOT export of the embedded engine', () => {
  test('its edges are exactly the distinct successors, other than the state itself, that explore_next gives for every state', () => {
    const spec = readFileSync(join(repoRoot, 'spec', 'Paxos.tla'), 'utf8');
    const cfg = [
      'CONSTANTS',
      '  Values = {"x"}',
      '  Acceptors = {"a1", "a2"}',
      '  Quorums = {{"a1", "a2"}}',
      '  NumProposers = 1',
      '  Learners = {"l1"}',
      '  MaxBallot = 1',
      '  None = None',
      'INIT Init',
      'NEXT Next',
      'INVARIANT TypeOK',
      'CHECK_DEADLOCK FALSE',
    ].join('\n');
    const tla = loadEngine();
    const r = JSON.parse(tla.check_spec_with_options(spec, JSON.stringify({ cfg_source: cfg, max_states: 100_000, max_depth: 100_000, export_dot: true }))) as {
      success: boolean;
      states_explored: number;
      dot: string;
    };
    expect(r.success).toBe(true);
    const g = parseDot(r.dot);
    expect(g.labels.length).toBe(r.states_explored);
    expect(g.labels.length).toBe(191);
    const states = g.labels.map(parseStateLabel);
    const number = new Map(states.map((s, i) => [stateKey(s), i]));
    expect(number.size).toBe(states.length);
    const edges = new Set<string>();
    for (let k = 0; k < g.from.length; k++) edges.add(`${g.from[k]}>${g.to[k]}`);
    expect(edges.size).toBe(g.from.length); // no edge twice
    const successors = new Set<string>();
    let stutters = 0;
    states.forEach((s, i) => {
      const json = Object.fromEntries([...s].map(([k, v]) => [k, fromTlaValue(v)]));
      const next = JSON.parse(tla.explore_next(spec, cfg, '{}', JSON.stringify(json))) as { ok: boolean; transitions: { state: { json: Record<string, unknown> } }[] };
      expect(next.ok).toBe(true);
      for (const t of next.transitions) {
        const j = number.get(stateKey(Object.entries(t.state.json).map(([k, v]) => [k, fromJson(v)])));
        expect(j).toBeDefined();
        if (j === i) stutters++;
        else successors.add(`${i}>${j}`);
      }
    });
    expect(stutters).toBeGreaterThan(0); // self-loops exist, and DOT leaves them out
    expect([...successors].sort()).toEqual([...edges].sort());
  });
});
