// `paxos explore`: every interleaving of the real reducers for a small
// configuration, with the spec's safety properties checked in every state;
// with --conformance, every transition also checked against the spec's own
// state graph, computed by the model checker.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { Explorer } from '../impl/src/runtime/explore/explorer.ts';
import { explainPath } from '../impl/src/runtime/explore/explain.ts';
import { runConformance } from '../impl/src/runtime/explore/conformance.ts';
import { conformanceReport } from '../impl/src/runtime/explore/conformance-report.ts';
import { DEFAULT_EXPLORE, exploreOptions, readExploreConfig, validate, type ExploreConfig } from '../impl/src/runtime/explore/config-file.ts';
import { BUG_FLAGS, bugsFromNames, nonNegativeInt, positiveInt } from './cluster-options.ts';
import { counterexampleTrace } from '../impl/src/runtime/explore/counterexample-trace.ts';
import { createProgress, formatCount, formatSeconds } from './progress.ts';
import { runExploreMulti, type MultiExploreFlags } from './explore-multi.ts';

interface ExploreFlags extends MultiExploreFlags {
  protocol: 'basic' | 'multi';
  config?: string;
  proposers?: number;
  acceptors?: number;
  learners?: number;
  values?: string;
  requests?: string;
  maxBallot?: number;
  crashes?: boolean;
  maxStates?: number;
  bug?: string[];
  trace?: string;
  conformance?: boolean;
}

export function addExploreCommand(program: Command): void {
  program
    .command('explore')
    .description('explore every interleaving of the Basic Paxos reducers for a small configuration, checking safety in every state')
    .option('--config <file>', 'a JSON file with any of: proposers, acceptors, learners, weights, values, requests, maxBallot, crashes, maxStates')
    .option('--proposers <n>', `proposers (default ${DEFAULT_EXPLORE.proposers})`, positiveInt('--proposers'))
    .option('--acceptors <n>', `acceptors (default ${DEFAULT_EXPLORE.acceptors})`, positiveInt('--acceptors'))
    .option('--learners <n>', `learners (default ${DEFAULT_EXPLORE.learners})`, positiveInt('--learners'))
    .option('--values <list>', `values clients request (default ${DEFAULT_EXPLORE.values.join(',')})`)
    .option('--requests <who>', "'own': proposer i's client asks for value i; 'any': any value to any proposer (default own)")
    .option('--max-ballot <n>', `highest ballot (default ${DEFAULT_EXPLORE.maxBallot})`, nonNegativeInt('--max-ballot'))
    .option('--crashes', 'let any node crash and restart from its disk at any moment (a much larger space)')
    .option('--max-states <n>', `give up beyond this many distinct states (default ${formatCount(DEFAULT_EXPLORE.maxStates)})`, positiveInt('--max-states'))
    .option('--bug <name...>', `seed a bug into the reducers, to see it caught (basic: ${BUG_FLAGS}; multi: the names of paxos simulate --protocol multi --bug)`)
    .option('--trace <file>', 'write the counterexample, if one is found, as a trace for paxos trace-check')
    .option('--conformance', "also check every transition against spec/Paxos.tla's state graph, computed by the model checker")
    .addOption(new Option('--protocol <protocol>', 'basic: one decree; multi: the Multi-Paxos replicated log').choices(['basic', 'multi']).default('basic'))
    .option('--servers <n>', 'multi: servers (default 3)', positiveInt('--servers'))
    .option('--clients <n>', 'multi: clients (default 1)', positiveInt('--clients'))
    .option('--commands <n>', 'multi: commands per client (default 1)', positiveInt('--commands'))
    .option('--max-ballots <n>', 'multi: ballots begun in all (default 1)', nonNegativeInt('--max-ballots'))
    .option('--window <n>', 'multi: pipeline window (default 1)', positiveInt('--window'))
    .option('--max-batch <n>', 'multi: commands per 2a (default 1)', positiveInt('--max-batch'))
    .option('--retries', "multi: let a busy client's retry timer fire (a much larger space)")
    .option('--heartbeats', "multi: let a leader's heartbeat timer fire (catch-up and decision notices)")
    .action(async (flags: ExploreFlags) => {
      // Multi-Paxos has its own explorer (runtime/explore-multi/): a Basic
      // flag given with it would be silently ignored, so it is refused.
      if (flags.protocol === 'multi') {
        const basicOnly = (['config', 'proposers', 'acceptors', 'learners', 'values', 'requests', 'maxBallot', 'conformance'] as const).filter((k) => flags[k] !== undefined);
        if (basicOnly.length > 0) throw new Error(`--${basicOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for --protocol basic`);
        process.exitCode = runExploreMulti(flags);
      } else process.exitCode = flags.conformance ? await runExploreConformance(flags) : runExplore(flags);
    });
}

function configOf(flags: ExploreFlags): ExploreConfig {
  const fromFile = flags.config ? readExploreConfig(flags.config) : {};
  const fromFlags = validate(
    Object.fromEntries(
      Object.entries({
        proposers: flags.proposers,
        acceptors: flags.acceptors,
        learners: flags.learners,
        values: flags.values?.split(',').map((v) => v.trim()),
        requests: flags.requests,
        maxBallot: flags.maxBallot,
        crashes: flags.crashes,
        maxStates: flags.maxStates,
      }).filter(([, v]) => v !== undefined),
    ),
    'command line',
  );
  return { ...DEFAULT_EXPLORE, ...fromFile, ...fromFlags };
}

function describeConfig(c: ExploreConfig, flags: ExploreFlags): string {
  return `${c.proposers} proposers, ${c.acceptors} acceptors${c.weights ? ` (weights ${c.weights.join(',')})` : ''}, ${c.learners} learner${c.learners > 1 ? 's' : ''}; values ${c.values.join(', ')} (${c.requests === 'own' ? "each proposer's own client" : 'any value to any proposer'}); ballots 0..${c.maxBallot}; crashes ${c.crashes ? 'on' : 'off'}${flags.bug?.length ? `; seeded bug: ${flags.bug.join(', ')}` : ''}`;
}

const progressLine = (p: { states: number; depth: number; seconds: number }) =>
  `explore: ${formatCount(p.states)} distinct states, depth ${p.depth}, ${formatSeconds(p.seconds)}, ${formatCount(Math.round(p.states / p.seconds))} states/s`;

export function runExplore(flags: ExploreFlags): number {
  const c = configOf(flags);
  const options = exploreOptions(c, bugsFromNames(flags.bug ?? []));
  const progress = createProgress();
  const explorer = new Explorer({ ...options, onProgress: (p) => progress.update(progressLine(p)) });
  const r = explorer.run();
  progress.clear();
  const color = pc.isColorSupported;
  console.log(`paxos explore: ${describeConfig(c, flags)}`);
  console.log(`  ${formatCount(r.distinct)} distinct states, depth ${r.depth}, ${formatCount(r.transitions)} transitions, ${formatSeconds(r.seconds)} (${formatCount(Math.round(r.distinct / r.seconds))} distinct states/s)`);
  if (r.truncated) {
    console.log(`  stopped at --max-states ${formatCount(c.maxStates)}: the space was not explored in full`);
    return 1;
  }
  if (!r.violation) {
    console.log('  safety: Agreement, Validity and LearnedIsChosen hold in every state');
    return 0;
  }
  const red = color ? pc.red : (s: string) => s;
  console.log(red(`  ${r.violation.message}, after ${r.violation.path.length} steps (a shortest path):`));
  for (const line of explainPath(explorer, r.violation.path, r.violation.states)) console.log(`  ${line}`);
  if (flags.trace) {
    const lines = counterexampleTrace(explorer, r.violation.path, r.violation.states, { config: describeConfig(c, flags), property: r.violation.violation.property });
    writeFileSync(flags.trace, `${lines.join('\n')}\n`);
    console.log(`  trace: ${flags.trace} (${formatCount(lines.length)} lines; paxos trace-check ${flags.trace} says which step leaves the spec)`);
  }
  return 1;
}

export async function runExploreConformance(flags: ExploreFlags): Promise<number> {
  const c = configOf(flags);
  const options = exploreOptions(c, bugsFromNames(flags.bug ?? []));
  const progress = createProgress();
  const { explorer, result } = await runConformance(options, {
    onProgress: (p) => progress.update(`conformance: model checker alongside; ${progressLine(p)}`),
    onStage: (text) => progress.update(text),
  });
  progress.clear();
  console.log(`paxos explore --conformance: ${describeConfig(c, flags)}`);
  for (const line of conformanceReport(explorer, result, { color: pc.isColorSupported })) console.log(line);
  return result.failure || result.explore.violation || result.explore.truncated ? 1 : 0;
}
