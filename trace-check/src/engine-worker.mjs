// A worker thread holding one instance of the embedded TLA+ engine (npm
// tla-checker, WebAssembly).  Plain JavaScript, so that starting it costs
// no TypeScript loader: the trace checker keeps a few of these busy.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import * as tla from 'tla-checker';

const require = createRequire(import.meta.url);
tla.initSync({ module: readFileSync(require.resolve('tla-checker/tla_checker_bg.wasm')) });

const CALLS = new Set(['check_spec_with_options', 'explore_init', 'explore_next', 'explore_eval']);

parentPort.on('message', ({ id, fn, args }) => {
  if (!CALLS.has(fn)) {
    parentPort.postMessage({ id, ok: false, error: `unknown engine call ${fn}` });
    return;
  }
  try {
    parentPort.postMessage({ id, ok: true, result: tla[fn](...args) });
  } catch (e) {
    // A panic inside the WebAssembly leaves the instance unusable: say so,
    // and the pool replaces this worker.
    parentPort.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e), fatal: true });
  }
});
