// `paxos explore --protocol multi`: every interleaving of the Multi-Paxos
// reducers for a small configuration, with the spec's safety properties
// checked in every state; a violation is told step by step as the
// runtimes' trace lines, and with --trace written for `paxos trace-check`.
import { writeFileSync } from 'node:fs';
import pc from 'picocolors';
import { MultiExplorer } from '../impl/src/runtime/explore-multi/explorer.ts';
import { explainMultiPath, explainMultiText, multiCounterexampleTrace } from '../impl/src/runtime/explore-multi/explain.ts';
import { DEFAULT_MULTI_EXPLORE, multiExploreOptions, type MultiExploreConfig } from '../impl/src/runtime/explore-multi/options.ts';
import { multiBugsFromNames } from './simulate-multi.ts';
import { createProgress, formatCount, formatSeconds } from './progress.ts';

export interface MultiExploreFlags {
  servers?: number;
  clients?: number;
  commands?: number;
  maxBallots?: number;
  window?: number;
  maxBatch?: number;
  crashes?: boolean;
  retries?: boolean;
  heartbeats?: boolean;
  maxStates?: number;
  bug?: string[];
  trace?: string;
}

function configOf(f: MultiExploreFlags): MultiExploreConfig {
  const d = DEFAULT_MULTI_EXPLORE;
  return {
    servers: f.servers ?? d.servers,
    clients: f.clients ?? d.clients,
    commands: f.commands ?? d.commands,
    maxBallots: f.maxBallots ?? d.maxBallots,
    window: f.window ?? d.window,
    maxBatch: f.maxBatch ?? d.maxBatch,
    crashes: f.crashes ?? d.crashes,
    retries: f.retries ?? d.retries,
    heartbeats: f.heartbeats ?? d.heartbeats,
    maxStates: f.maxStates ?? d.maxStates,
  };
}

export function describeMultiExplore(c: MultiExploreConfig, bugs: readonly string[] = []): string {
  const on = (b: boolean) => (b ? 'on' : 'off');
  return `${c.servers} servers, ${c.clients} client${c.clients > 1 ? 's' : ''} x ${c.commands} command${c.commands > 1 ? 's' : ''}; at most ${c.maxBallots} ballot${c.maxBallots > 1 ? 's' : ''} begun; window ${c.window}, maxBatch ${c.maxBatch}; crashes ${on(c.crashes)}, client retries ${on(c.retries)}, heartbeats ${on(c.heartbeats)}${bugs.length ? `; seeded bug: ${bugs.join(', ')}` : ''}`;
}

export function runExploreMulti(flags: MultiExploreFlags): number {
  const c = configOf(flags);
  const progress = createProgress();
  const explorer = new MultiExplorer({ ...multiExploreOptions(c, multiBugsFromNames(flags.bug ?? [])), onProgress: (p) => progress.update(`explore: ${formatCount(p.states)} distinct states, depth ${p.depth}, ${formatSeconds(p.seconds)}`) });
  const r = explorer.run();
  progress.clear();
  console.log(`paxos explore --protocol multi: ${describeMultiExplore(c, flags.bug)}`);
  console.log(`  ${formatCount(r.distinct)} distinct states, depth ${r.depth}, ${formatCount(r.transitions)} transitions, ${formatSeconds(r.seconds)} (${formatCount(Math.round(r.distinct / r.seconds))} distinct states/s)`);
  if (r.truncated) {
    console.log(`  stopped at --max-states ${formatCount(c.maxStates)}: the space was not explored in full`);
    return 1;
  }
  if (r.forgetting > 0) console.log(`  in ${formatCount(r.forgetting)} of them a server had forgotten slots every server applied`);
  if (!r.violation) {
    console.log('  safety: SlotAgreement, LogPrefix, NoDoubleExecution, AppliedWasRequested, ReplyConsistent and ForgotUnapplied hold in every state');
    return 0;
  }
  const red = pc.isColorSupported ? pc.red : (s: string) => s;
  const { violation, path, states } = r.violation;
  console.log(red(`  ${violation.property} violated: ${violation.message}; after ${path.length} steps (a shortest path):`));
  const steps = explainMultiPath(explorer, path, states);
  for (const line of explainMultiText(steps)) console.log(`  ${line}`);
  if (flags.trace) {
    writeFileSync(flags.trace, multiCounterexampleTrace(explorer, steps, { config: describeMultiExplore(c, flags.bug), property: violation.property }));
    console.log(`  trace: ${flags.trace} (paxos trace-check ${flags.trace} says which step leaves spec/MultiPaxos.tla)`);
  }
  return 1;
}
