// Runs one model-checking call of the embedded engine.  It lives in a Worker
// because the call blocks its thread for as long as the check takes: the
// main thread stays free to draw progress and to terminate() on timeout.
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from './wasm.ts';
import type { EngineRequest } from './engine.ts';

const request = workerData as EngineRequest;
const tla = loadEngine();
const options = {
  cfg_source: request.cfg,
  max_states: request.maxStates,
  max_depth: request.maxDepth,
  export_dot: request.exportDot,
};
parentPort!.postMessage(tla.check_spec_with_options(request.spec, JSON.stringify(options)));
