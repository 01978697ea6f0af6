// The SQL transpiler (@polyglot-sql/sdk, 22 MB of WebAssembly), imported on first use only: a
// run whose translations are all on disk (translation-cache.ts) never loads it.
//
// Why the tiering budget: V8 compiles WebAssembly with its baseline compiler (Liftoff) and then
// recompiles hot functions with TurboFan on background threads. For this module (the parser is a
// few huge functions) the TurboFan pass costs seconds of CPU and hundreds of MB per process, and a
// CLI process translates a few statements and exits, so it never pays back. The budget is V8's
// per-function amount of work before tier-up; the largest value keeps the module on Liftoff.
// Measured on the 2-core dev machine, the three hits_* job statements translated in a fresh tsx
// process (`npm run bench -- translator`): default tiering 1.0-1.04 GB peak RSS, 4.5 s CPU; this
// budget 0.29 GB, 1.3 s CPU. Smaller budgets tier up the parser again (1e9: 0.72 GB), and
// `--liftoff-only`, a start-up flag, does nothing useful set at run time (0.95 GB).
import { setFlagsFromString } from 'node:v8';

export type Polyglot = typeof import('@polyglot-sql/sdk');

/** The V8 flag set before the transpiler's WebAssembly is compiled (see above). */
export const WASM_TIERING_FLAG = '--wasm-tiering-budget=2147483647';

/** LAKEOPS_WASM_TIER_UP=1 keeps V8's default tiering (the benchmark's comparison). */
let loading: Promise<Polyglot> | undefined;
let loads = 0;

/** The transpiler, imported (and its WebAssembly compiled) once per process, on first call. */
export function loadTranslator(): Promise<Polyglot> {
  loading ??= (async () => {
    loads++;
    if (process.env.LAKEOPS_WASM_TIER_UP !== '1') setFlagsFromString(WASM_TIERING_FLAG);
    return await import('@polyglot-sql/sdk');
  })();
  return loading;
}

/** Whether this process has loaded the transpiler (tests and benchmarks check a re-run does not). */
export function translatorLoaded(): boolean {
  return loads > 0;
}
