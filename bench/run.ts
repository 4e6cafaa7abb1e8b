// `npm run bench`: every benchmark, each printing its own figures.  Record
// them, with date and machine, in bench/RESULTS.md.
import { availableParallelism, cpus, totalmem } from 'node:os';
import { benchReducers } from './reducers.ts';
import { benchExplore } from './explore.ts';
import { benchExploreMulti } from './explore-multi.ts';
import { benchModelCheck } from './modelcheck.ts';
import { benchTraceCheck } from './trace-check.ts';
import { benchTraceCheckMulti } from './trace-check-multi.ts';
import { benchLinearizability } from './linearizability.ts';
import { benchSimMulti, benchTraceCheckSimMulti } from './sim-multi.ts';
import { benchCluster } from './cluster.ts';

console.log(`paxos-ref benchmarks, ${new Date().toISOString()}`);
console.log(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB`);
benchReducers();
benchExplore();
benchExploreMulti();
await benchModelCheck();
await benchTraceCheck();
await benchTraceCheckMulti();
benchLinearizability();
benchSimMulti();
await benchTraceCheckSimMulti();
await benchCluster();
