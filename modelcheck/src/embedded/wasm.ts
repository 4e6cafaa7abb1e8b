// Loads the embedded TLA+ engine (the `tla-checker` npm package, a model
// checker compiled to WebAssembly) into the current thread.  Every call into
// it blocks its thread, so long runs go through ./engine.ts, which runs them in
// a Worker; short calls (explore_* on one state) may use this directly.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tla from 'tla-checker';

let ready = false;

export function loadEngine(): typeof tla {
  if (!ready) {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('tla-checker/tla_checker_bg.wasm');
    tla.initSync({ module: readFileSync(wasmPath) });
    ready = true;
  }
  return tla;
}
