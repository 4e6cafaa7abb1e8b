// The embedded engine's parser skips a definition it cannot read instead of
// failing (`A == x = = 1` simply vanishes), so a typo in a definition that
// nothing in the model happens to use goes unnoticed.  This asks the engine
// about every top-level definition of the spec: one it has never heard of
// was dropped.
import { loadEngine } from './wasm.ts';

export interface DroppedDefinition {
  name: string;
  line: number;
}

/** Top-level definitions: a name at the start of a line, optional parameters, then ==. */
export function topLevelDefinitions(source: string): DroppedDefinition[] {
  const found: DroppedDefinition[] = [];
  source.split('\n').forEach((text, i) => {
    const m = /^([A-Za-z_]\w*)\s*(\([^)]*\))?\s*==/.exec(text);
    if (m) found.push({ name: m[1]!, line: i + 1 });
  });
  return found;
}

export function droppedDefinitions(spec: string, cfg: string): DroppedDefinition[] {
  const tla = loadEngine();
  const init = JSON.parse(tla.explore_init(spec, cfg, '{}')) as { ok?: boolean; states?: { json: unknown }[] };
  const state = init.states?.[0]?.json;
  if (!init.ok || state === undefined) return []; // the model check itself will report why
  return topLevelDefinitions(spec).filter(({ name }) => {
    const r = JSON.parse(tla.explore_eval(spec, cfg, '{}', JSON.stringify(state), name)) as { ok: boolean; error?: string };
    // A known operator that needs arguments is reported as "undefined
    // variable `F`" with the hint "did you mean `F`?"; a dropped one gets
    // no hint naming itself.
    return !r.ok && r.error?.startsWith(`undefined variable \`${name}\``) && !r.error.includes(`did you mean \`${name}\``);
  });
}
