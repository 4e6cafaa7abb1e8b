// `npm run bench`: every benchmark, each printing its own figures.  Record
// them, with date and machine, in bench/RESULTS.md.
import { availableParallelism, cpus, totalmem } from 'node:os';
import { benchReducers } from './reducers.ts';
import { benchMultiSteps } from './multi-steps.ts';
import { benchExplore } from './explore.ts';
import { benchExploreMulti } from './explore-multi.ts';
import { benchModelCheck } from './modelcheck.ts';
import { benchTraceCheck } from './trace-check.ts';
import { benchTraceCheckMulti } from './trace-check-multi.ts';
import { benchLinearizability } from './linearizability.ts';
import { benchSimMulti, benchTraceCheckSimMulti } from './sim-multi.ts';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

console.log(`paxos-ref benchmarks, ${new Date().toISOString()}`);
console.log(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB`);
benchReducers();
benchMultiSteps();
benchExplore();
benchExploreMulti();
await benchModelCheck();
await benchTraceCheck();
await benchTraceCheckMulti();
benchLinearizability();
benchSimMulti();
await benchTraceCheckSimMulti();
// The cluster's load generator runs in the benchmark's own process, and
// after the explorers this process holds over a gigabyte of heap, whose
// collections every client request then pays for: 17,529 and 17,836
// writes/s at 64 clients that way, 19,793 to 21,549 in a fresh process.
// So the cluster part runs in one of its own.
const cluster = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./cluster.ts', import.meta.url))], { stdio: 'inherit' });
if (cluster.status !== 0) process.exitCode = 1;
