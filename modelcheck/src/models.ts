// The catalogue of models: every spec/models/<Spec>.<name>.cfg, with the
// expectations written in its header comment.  A model's distinct-state
// count and depth are pinned there so that a change to the spec that moves
// them is noticed (the embedded engine can lose transitions silently; a
// moved count is how that shows).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, basename, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCfg, type ModelConfig, CfgError } from './cfg.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const specDir = join(repoRoot, 'spec');
export const modelsDir = join(specDir, 'models');

export type Tier = 'small' | 'large';

export interface Model {
  /** e.g. "Paxos.small" */
  name: string;
  /** e.g. "Paxos": the module, in spec/Paxos.tla */
  module: string;
  specFile: string;
  cfgFile: string;
  tier: Tier;
  /** The one-paragraph description at the top of the cfg. */
  summary: string;
  expected: { distinct?: number; depth?: number; seconds?: number };
  /** "majority", or "weights a1=2 a2=1 a3=1": what the Quorums constant must be. */
  quorumRule?: string;
  config: ModelConfig;
}

// Header lines look like "\* expected distinct states: 15812".
const META = /^\\\*\s*(tier|quorums|expected distinct states|expected depth|embedded engine time):\s*(.+?)\s*$/;

/**
 * A model from its cfg file.  The spec is `specFile` if given, else the
 * module its name starts with, one folder up: spec/models/Paxos.small.cfg
 * is a model of spec/Paxos.tla.
 */
export function loadModel(cfgFile: string, specFile?: string): Model {
  const source = readFileSync(cfgFile, 'utf8');
  const name = basename(cfgFile, '.cfg');
  const module = specFile ? basename(specFile, '.tla') : name.split('.')[0]!;
  specFile ??= join(dirname(cfgFile), '..', `${module}.tla`);
  const meta = new Map<string, { value: string; line: number }>();
  const summary: string[] = [];
  source.split('\n').forEach((text, i) => {
    const m = META.exec(text);
    if (m) meta.set(m[1]!, { value: m[2]!, line: i + 1 });
    else if (meta.size === 0 && text.startsWith('\\*')) summary.push(text.replace(/^\\\*\s?/, ''));
  });
  const int = (key: string): number | undefined => {
    const entry = meta.get(key);
    if (!entry) return undefined;
    const n = Number(entry.value.replace(/[,_]/g, '').replace(/\s*s$/, ''));
    if (!Number.isFinite(n) || n < 0) throw new CfgError(cfgFile, entry.line, `'${key}' must be a number, found '${entry.value}'`);
    return n;
  };
  const tier = meta.get('tier')?.value ?? 'small';
  if (tier !== 'small' && tier !== 'large') {
    throw new CfgError(cfgFile, meta.get('tier')!.line, `tier must be 'small' or 'large', found '${tier}'`);
  }
  const expected: Model['expected'] = {};
  const distinct = int('expected distinct states');
  const depth = int('expected depth');
  const seconds = int('embedded engine time');
  if (distinct !== undefined) expected.distinct = distinct;
  if (depth !== undefined) expected.depth = depth;
  if (seconds !== undefined) expected.seconds = seconds;
  const model: Model = {
    name,
    module,
    specFile,
    cfgFile,
    tier,
    summary: summary.join('\n').trim(),
    expected,
    config: parseCfg(cfgFile, source),
  };
  const quorums = meta.get('quorums')?.value;
  if (quorums !== undefined) model.quorumRule = quorums;
  if (!existsSync(specFile)) throw new CfgError(cfgFile, 1, `no spec ${specFile} for model ${name}`);
  return model;
}

export function listModels(dir: string = modelsDir): Model[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cfg'))
    .sort()
    .map((f) => loadModel(join(dir, f)));
}

/**
 * Select models by spec (module name or path) and model name.  With neither,
 * the small models of every spec.
 */
export function selectModels(opts: { spec?: string; model?: string[]; all?: boolean }): Model[] {
  // A model given as a path to a .cfg file is checked as it is, against the
  // spec named, or the spec its file name implies.
  const paths = opts.model?.filter((m) => m.endsWith('.cfg')) ?? [];
  if (paths.length > 0) {
    const spec = opts.spec && opts.spec.endsWith('.tla') ? resolve(opts.spec) : undefined;
    for (const p of paths) if (!existsSync(p)) throw new Error(`no model file ${p}`);
    if (spec && !existsSync(spec)) throw new Error(`no spec file ${opts.spec}`);
    return paths.map((p) => loadModel(resolve(p), spec));
  }
  const models = listModels();
  const module = opts.spec ? basename(opts.spec).replace(/\.tla$/, '') : undefined;
  if (module && !models.some((m) => m.module === module)) {
    throw new Error(`no models for spec '${opts.spec}' in ${modelsDir} (specs with models: ${[...new Set(models.map((m) => m.module))].join(', ')})`);
  }
  let chosen = models.filter((m) => !module || m.module === module);
  if (opts.model && opts.model.length > 0) {
    const wanted = opts.model;
    for (const w of wanted) {
      if (!chosen.some((m) => m.name === w || m.name === `${m.module}.${w}`)) {
        throw new Error(`no model '${w}' (models: ${chosen.map((m) => m.name).join(', ')})`);
      }
    }
    chosen = chosen.filter((m) => wanted.some((w) => m.name === w || m.name === `${m.module}.${w}`));
  } else if (!opts.all) {
    chosen = chosen.filter((m) => m.tier === 'small');
  }
  return chosen;
}
