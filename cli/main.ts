// The `paxos` command line.  Each subcommand lives in its own file; this one
// only declares them.
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { runCheck, type CheckCommandOptions } from './check.ts';
import { positiveInt } from './cluster-options.ts';
import { addSimulateCommand } from './simulate.ts';
import { addExploreCommand } from './explore.ts';
import { addTraceCheckCommand } from './trace-check.ts';
import { addDemoCommand } from './demo.ts';
import { addReportCommand } from './report.ts';
import { addClusterCommands, addLoadCommand } from './cluster.ts';

export function buildProgram(): Command {
  const program = new Command('paxos')
    .description('paxos-ref: TLA+ specs of Paxos, pure TypeScript reducers, and a trace checker between them')
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('check')
    .description('model-check the small models of every spec (or the models named), and pin their state counts')
    .argument('[spec]', 'a spec module or file, e.g. Paxos or spec/Paxos.tla')
    .option('-s, --spec <spec>', 'the same as the [spec] argument')
    .option('-m, --model <name...>', 'models to check, e.g. Paxos.small (default: every small model)')
    .addOption(new Option('-e, --engine <engine>', 'model checker').choices(['embedded', 'tlc']).default('embedded'))
    .option('-a, --all', 'check the large models too (minutes each)')
    .option('-l, --list', 'list the models and their pinned figures, check nothing')
    .option('--mutants', 'check the seeded spec bugs instead: each must be rejected with a counterexample')
    .option('--proofs', "check the proof notes' models instead (proofs-notes/tla): Inv inductive, refinement")
    .option('-t, --timeout <seconds>', 'give up on a model after this long', positiveInt('--timeout'))
    .option('--max-states <n>', 'abort a model beyond this many distinct states (default 2,000,000)', positiveInt('--max-states'))
    .option('-v, --verbose', 'print the counterexamples of mutants and of evaluation errors')
    .action(async (spec: string | undefined, opts: CheckCommandOptions & { spec?: string }) => {
      const out = { log: (line = '') => console.log(line), color: pc.isColorSupported };
      if (spec !== undefined && opts.spec !== undefined && spec !== opts.spec) throw new Error(`check: two specs named, ${spec} and --spec ${opts.spec}`);
      const { spec: flagSpec, ...rest } = opts;
      process.exitCode = await runCheck(rest, spec ?? flagSpec, out);
    });

  addSimulateCommand(program);
  addExploreCommand(program);
  addTraceCheckCommand(program);
  addDemoCommand(program);
  addReportCommand(program);
  addClusterCommands(program);
  addLoadCommand(program);
  return program;
}

// `paxos trace-check big.ndjson | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  console.error(`paxos: ${(e as Error).message}`);
  process.exitCode = 2;
}
