// What the trace checker needs to know about a TLA+ module, read from its
// text: its variables, its definitions (with their formal parameters and
// their top-level conjuncts), and the actions of Next with the sets their
// parameters range over.  The checker generates TLA+ from these and lets
// the engine evaluate it; it never re-states the spec's logic itself.

export interface Definition {
  readonly name: string;
  readonly params: readonly string[];
  /** The body, comments removed, as written (indentation kept). */
  readonly body: string;
  /** 1-based line of the definition in the spec file. */
  readonly line: number;
}

export interface NextAction {
  readonly name: string;
  /** The action's formal parameters, each with the set Next draws it from (null when Next passes no bound variable). */
  readonly params: readonly { readonly name: string; readonly domain: string | null }[];
}

export interface SpecModule {
  readonly name: string;
  readonly text: string;
  readonly variables: readonly string[];
  readonly constants: readonly string[];
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly actions: ReadonlyMap<string, NextAction>;
  /** Definitions whose value depends on primed variables (actions, Send, ...). */
  readonly actionLevel: ReadonlySet<string>;
}

export class SpecModuleError extends Error {}

/** Comments blanked out with spaces, so that offsets and columns stay put. */
export function blankComments(text: string): string {
  let out = text.replace(/\(\*[\s\S]*?\*\)/g, (c) => c.replace(/[^\n]/g, ' '));
  out = out.replace(/\\\*[^\n]*/g, (c) => ' '.repeat(c.length));
  return out;
}

/**
 * The positions of `text` outside every bracket ((), [], {}, << >>) at
 * which `at` holds, in order: the one scan behind splitting argument lists
 * and finding a formula's top-level operator.
 */
export function topLevelPositions(text: string, at: (i: number) => boolean): number[] {
  const found: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c) || text.startsWith('<<', i)) depth++;
    else if (')]}'.includes(c) || text.startsWith('>>', i)) depth--;
    if (depth === 0 && at(i)) found.push(i);
  }
  return found;
}

/** Split at top-level commas (not inside brackets of any kind). */
export function splitTopLevel(text: string, sep = ','): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const i of topLevelPositions(text, (k) => text.startsWith(sep, k))) {
    if (i < start) continue;
    parts.push(text.slice(start, i));
    start = i + sep.length;
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * The top-level items of a bulleted list (`/\` or `\/` bullets aligned in
 * one column, as TLA+ requires), or the whole body when it is not a list.
 */
export function bullets(body: string, bullet: '/\\' | '\\/'): string[] {
  const lines = body.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return [];
  const col = lines[first]!.search(/\S/);
  if (!lines[first]!.startsWith(bullet, col)) return [body.trim()];
  const items: string[][] = [];
  for (const l of lines.slice(first)) {
    if (l.search(/\S/) === col && l.startsWith(bullet, col)) items.push([' '.repeat(col + 2) + l.slice(col + 2)]);
    else if (items.length > 0) items[items.length - 1]!.push(l);
  }
  return items.map((it) => dedent(it.join('\n')));
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
  return lines
    .map((l) => l.slice(indent))
    .join('\n')
    .trim();
}

export function parseSpecModule(text: string): SpecModule {
  const clean = blankComments(text);
  const name = /-{4,}\s*MODULE\s+(\w+)\s*-{4,}/.exec(clean)?.[1];
  if (!name) throw new SpecModuleError('no MODULE header');
  const variables: string[] = [];
  for (const m of clean.matchAll(/^VARIABLES?\b([\s\S]*?)(?=^\S)/gm)) {
    variables.push(...m[1]!.split(',').map((v) => v.trim()).filter((v) => v !== ''));
  }
  const constants: string[] = [];
  for (const m of clean.matchAll(/^CONSTANTS?\b([\s\S]*?)(?=^\S)/gm)) {
    constants.push(...m[1]!.split(',').map((v) => v.trim()).filter((v) => v !== ''));
  }
  const definitions = new Map<string, Definition>();
  const lines = clean.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*==(.*)$/.exec(lines[i]!);
    if (!head || ['ASSUME', 'THEOREM', 'LEMMA'].includes(head[1]!)) continue;
    const body = [head[3]!];
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || /^\s/.test(lines[j]!))) body.push(lines[j++]!);
    const params = head[2] ? head[2].split(',').map((p) => p.trim()) : [];
    definitions.set(head[1]!, { name: head[1]!, params, body: body.join('\n').replace(/\s+$/, ''), line: i + 1 });
  }
  const next = definitions.get('Next');
  if (!next) throw new SpecModuleError(`module ${name} defines no Next`);
  const actions = new Map<string, NextAction>();
  for (const disjunct of bullets(next.body, '\\/')) {
    const flat = disjunct.replace(/\s+/g, ' ').trim();
    const m = /^(?:\\E (.+?) : )?([A-Za-z_]\w*)(?:\((.*)\))?$/.exec(flat);
    if (!m) throw new SpecModuleError(`cannot read the disjunct of Next "${flat}" (expected \\E x \\in S, ... : Action(x, ...))`);
    const domains = new Map<string, string>();
    let pending: string[] = [];
    for (const part of splitTopLevel(m[1] ?? '')) {
      const bound = /^(\w+) \\in (.+)$/.exec(part);
      if (!bound) {
        pending.push(part);
        continue;
      }
      for (const v of [...pending, bound[1]!]) domains.set(v, bound[2]!);
      pending = [];
    }
    const args = m[3] ? splitTopLevel(m[3]) : [];
    const def = definitions.get(m[2]!);
    if (!def) throw new SpecModuleError(`Next calls ${m[2]}, which the module does not define`);
    if (def.params.length !== args.length) throw new SpecModuleError(`Next calls ${m[2]} with ${args.length} arguments; it takes ${def.params.length}`);
    actions.set(m[2]!, { name: m[2]!, params: def.params.map((p, k) => ({ name: p, domain: domains.get(args[k]!) ?? null })) });
  }
  return { name, text, variables, constants, definitions, actions, actionLevel: actionLevelDefinitions(definitions) };
}

function actionLevelDefinitions(defs: ReadonlyMap<string, Definition>): Set<string> {
  const level = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of defs.values()) {
      if (level.has(d.name)) continue;
      if (isActionLevel(d.body, level)) {
        level.add(d.name);
        changed = true;
      }
    }
  }
  return level;
}

/** Does this expression mention a primed variable, UNCHANGED, or an action-level definition? */
export function isActionLevel(expr: string, actionLevel: ReadonlySet<string>): boolean {
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (/'/.test(noStrings) || /\bUNCHANGED\b/.test(noStrings)) return true;
  for (const word of noStrings.matchAll(/[A-Za-z_]\w*/g)) if (actionLevel.has(word[0])) return true;
  return false;
}

/** The constants a definition depends on, through the definitions it uses. */
export function constantsUsedBy(spec: SpecModule, name: string): Set<string> {
  const used = new Set<string>();
  const seen = new Set<string>();
  const visit = (def: string) => {
    if (seen.has(def)) return;
    seen.add(def);
    const d = spec.definitions.get(def);
    if (!d) return;
    for (const w of d.body.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/[A-Za-z_]\w*/g)) {
      if (spec.constants.includes(w[0])) used.add(w[0]);
      else if (!d.params.includes(w[0])) visit(w[0]);
    }
  };
  visit(name);
  return used;
}
