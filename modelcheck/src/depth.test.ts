import { describe, expect, test } from 'vitest';
import { depthFromDot } from './depth.ts';
import { loadEngine } from './embedded/wasm.ts';

// Two initial states, so that the walk must start from both.
const SPEC = `---- MODULE D ----
EXTENDS Naturals
VARIABLES x, y
Init == x \\in {0, 2} /\\ y = 0
Next == \\/ x < 4 /\\ x' = x + 1 /\\ y' = y
        \\/ y < 1 /\\ y' = y + 1 /\\ x' = x
Inv == TRUE
====`;
const CFG = 'INIT Init\nNEXT Next\nINVARIANT Inv\n';

function run(maxDepth: number, exportDot = false) {
  const tla = loadEngine();
  return JSON.parse(tla.check_spec_with_options(SPEC, JSON.stringify({ cfg_source: CFG, max_depth: maxDepth, export_dot: exportDot, allow_deadlock: true }))) as {
    success: boolean;
    error_type: string | null;
    dot: string | null;
  };
}

describe('depthFromDot', () => {
  test('agrees with the engine’s own depth bound: the smallest max_depth that completes', () => {
    const dot = run(1000, true).dot!;
    const initial = (JSON.parse(loadEngine().explore_init(SPEC, CFG, '{}')) as { states: unknown[] }).states.length;
    expect(initial).toBe(2);
    const depth = depthFromDot(dot, initial);
    expect(run(depth).success).toBe(true);
    expect(run(depth - 1).error_type).toBe('MaxDepthExceeded');
    // The farthest state is x = 4, y = 1: three steps from the initial state
    // x = 2, y = 0, so four states (a walk from x = 0 alone would say six).
    expect(depth).toBe(4);
  });

  test('a graph without edges has depth 1', () => {
    expect(depthFromDot('digraph G {\n  s0 [label="x=0"];\n}', 1)).toBe(1);
  });
});
