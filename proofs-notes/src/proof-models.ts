// The proof models: proofs-notes/tla/<Module>.<name>.cfg, each a model of a
// module composed from a spec and a part (proofs-notes/tla/parts/), with
// its figures pinned in its header as spec/models/*.cfg pin theirs.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { loadModel, repoRoot, type Model } from '../../modelcheck/src/models.ts';
import { checkModel, type CheckOptions, type CheckReport, type EngineName } from '../../modelcheck/src/check-model.ts';
import { composeModule, parsePart } from './compose-module.ts';

export const proofsDir = join(repoRoot, 'proofs-notes');
export const tlaDir = join(proofsDir, 'tla');
export const partsDir = join(tlaDir, 'parts');

export interface ComposedModule {
  module: string;
  /** Where the composed module is committed. */
  file: string;
  /** What composing it gives now. */
  text: string;
}

/** Every module of proofs-notes/tla/, as the specs and parts compose it today. */
export function composedModules(): ComposedModule[] {
  return readdirSync(partsDir)
    .filter((f) => f.endsWith('.part.tla'))
    .sort()
    .map((f) => {
      const part = parsePart(readFileSync(join(partsDir, f), 'utf8'), join(partsDir, f));
      if (`${part.module}.part.tla` !== f) throw new Error(`${f} declares module ${part.module}; name the file ${part.module}.part.tla`);
      const spec = readFileSync(join(repoRoot, part.specPath), 'utf8');
      return { module: part.module, file: join(tlaDir, `${part.module}.tla`), text: composeModule(spec, part) };
    });
}

/** A proof model's header also says what it shows, for the CLI and the notes. */
export interface ProofModel extends Model {
  /** "inductive", "refinement", ...: the "\* checks:" line of its header. */
  checks: string;
}

export function listProofModels(): ProofModel[] {
  return readdirSync(tlaDir)
    .filter((f) => f.endsWith('.cfg'))
    .sort()
    .map((f) => {
      const cfgFile = join(tlaDir, f);
      const module = basename(f, '.cfg').split('.')[0]!;
      const specFile = join(tlaDir, `${module}.tla`);
      if (!existsSync(specFile)) throw new Error(`${f}: no module ${module}.tla in ${tlaDir} (run npx tsx proofs-notes/src/generate.ts)`);
      const checks = /^\\\*\s*checks:\s*(.+?)\s*$/m.exec(readFileSync(cfgFile, 'utf8'))?.[1];
      if (!checks) throw new Error(`${f}: the header must say what the model checks ("\\* checks: ...")`);
      return { ...loadModel(cfgFile, specFile), checks };
    });
}

/**
 * Check one proof model with the embedded engine.  The inductiveness
 * models skip the depth: their initial states are every state that
 * satisfies the invariant, and computing depth would enumerate them twice.
 */
export function checkProofModel(model: ProofModel, opts: CheckOptions = {}, engine: EngineName = 'embedded'): Promise<CheckReport> {
  const skipDepth = model.expected.depth === undefined;
  return checkModel(model, engine, { ...opts, skipDepth });
}

/** The small proof models, or all of them, or those named (e.g. PaxosInductive.weighted2). */
export function selectProofModels(opts: { model?: string[]; all?: boolean }): ProofModel[] {
  const models = listProofModels();
  if (opts.model && opts.model.length > 0) {
    for (const w of opts.model) {
      if (!models.some((m) => m.name === w)) throw new Error(`no proof model '${w}' (proof models: ${models.map((m) => m.name).join(', ')})`);
    }
    return models.filter((m) => opts.model!.includes(m.name));
  }
  return opts.all ? models : models.filter((m) => m.tier === 'small');
}
