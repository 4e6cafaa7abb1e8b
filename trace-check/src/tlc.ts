// --engine tlc: the same generated trace-spec modules, validated by TLC
// (Java) instead of the embedded engine, for users who have tla2tools.jar.
// TLC wants a file per module named after it, and constants that are not
// simple values are best given as definitions substituted in the cfg
// (Values <- TraceConst_Values), which TLC reads and the embedded engine
// does not.  Diagnostics of a failing step still use the embedded engine's
// evaluator, on the state TLC's counterexample names.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTlcTrace } from '../../modelcheck/src/counterexample.ts';
import { findTlcJar, parseTlcOutput, runTlc, TLC_HELP } from '../../modelcheck/src/tlc.ts';
import type { RunOutcome } from './engine-calls.ts';
import { POS } from './generate.ts';
import { tlaLiteral, type EngineValue } from './values.ts';

export class TlcUnavailable extends Error {}

export function requireTlc(): string {
  const jar = findTlcJar();
  if (!jar) throw new TlcUnavailable(TLC_HELP);
  return jar;
}

/** The module and cfg rewritten for TLC: constants become definitions the cfg substitutes. */
export function tlcFiles(module: string, constants: ReadonlyMap<string, EngineValue>, modelValues: readonly string[], cfg: string): { module: string; cfg: string } {
  const defs: string[] = [];
  const subst: string[] = [];
  for (const [name, v] of constants) {
    if (modelValues.includes(name)) {
      subst.push(`    ${name} = ${name}`);
      continue;
    }
    defs.push(`TraceConst_${name} == ${tlaLiteral(v)}`);
    subst.push(`    ${name} <- TraceConst_${name}`);
  }
  const end = module.lastIndexOf('====');
  const tlcModule = `${module.slice(0, end)}${defs.join('\n')}\n${module.slice(end)}`;
  const rest = cfg.slice(cfg.search(/^INIT /m));
  return { module: tlcModule, cfg: `CONSTANTS\n${subst.join('\n')}\n${rest}` };
}

export async function runModuleTlc(jar: string, moduleName: string, files: { module: string; cfg: string }, invariants: readonly string[]): Promise<RunOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-trace-tlc-'));
  try {
    const specFile = join(dir, `${moduleName}.tla`);
    const cfgFile = join(dir, `${moduleName}.cfg`);
    writeFileSync(specFile, files.module);
    writeFileSync(cfgFile, files.cfg);
    const run = await runTlc(jar, specFile, cfgFile);
    const summary = parseTlcOutput(run.output);
    if (summary.completed) return { kind: 'ok', states: summary.distinct ?? 0 };
    const states = parseTlcTrace(run.output);
    const last = states[states.length - 1]?.vars.find(([n]) => n === POS)?.[1];
    const pos = last?.kind === 'int' ? last.value : -1;
    const v = summary.violated;
    if (v?.kind === 'deadlock') return { kind: 'stuck', pos, states };
    if (v?.kind === 'invariant') return { kind: 'invariant', pos, invariant: Math.max(0, invariants.indexOf(v.name)), states };
    return { kind: 'error', type: 'TLC', message: v?.kind === 'error' ? v.message : run.output.trim().split('\n').slice(-3).join(' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
