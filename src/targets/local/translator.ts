// The SQL transpiler (@polyglot-sql/sdk, 22 MB of WebAssembly), imported on first use only: a
// run whose translations are all on disk (translation-cache.ts) never loads it.
//
// Why the tiering budget: V8 compiles WebAssembly with its baseline compiler (Liftoff) and then
// recompiles hot functions with TurboFan on background threads. For this module the TurboFan pass
// costs seconds of CPU and ~700 MB of memory per process, and a CLI process translates a few
// statements and exits, so it never pays back. Measured on the 2-core dev machine (import plus
// 20 translations, `npm run bench -- translator`): default tiering 2.4-9.7 s wall, 280-920 MB
// peak RSS; with the budget below 1.0-1.6 s, 181 MB; the same as starting node with
// --liftoff-only (which cannot be set in NODE_OPTIONS). `--liftoff-only` set at run time, by
// contrast, made it worse (8 s, 860 MB), hence this flag and a measurement to keep it honest.
// The budget is V8's per-function count of work before tier-up; a huge one means "stay on
// Liftoff", which translates a statement in about a millisecond.
import { setFlagsFromString } from 'node:v8';

export type Polyglot = typeof import('@polyglot-sql/sdk');

/** The V8 flag set before the transpiler's WebAssembly is compiled (see above). */
export const WASM_TIERING_FLAG = '--wasm-tiering-budget=1000000000';

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
