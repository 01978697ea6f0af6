// The SQL transpiler (@polyglot-sql/sdk, 22 MB of WebAssembly), imported on first use only: a
// run whose translations are all on disk (translation-cache.ts) never loads it.
//
// Why a V8 flag: V8 compiles WebAssembly with its baseline compiler (Liftoff) and then recompiles
// hot functions with TurboFan on background threads. For this module (the parser is a few huge
// functions) the TurboFan pass costs seconds of CPU and 0.6-1 GB per process, and a CLI process
// translates some statements and exits, so it never pays back. `--wasm-tier-up-filter=N` lets
// only the function with index N tier up; no function has index 2^31-1, so none does, and the
// module runs on Liftoff (a statement translates in milliseconds). Measured on the 2-core dev
// machine, fresh processes (`npm run bench -- translator`, and `npm run demo` with no translation
// on disk): the three hits_* statements 1.0 GB peak RSS with default tiering, 0.22 GB with this
// flag; the demo 1.04 GB -> 0.35 GB. Tried and rejected: the largest --wasm-tiering-budget (0.29 GB
// for three statements, but the demo's 40 still tier up: 1.04 GB) and --liftoff-only, which
// V8 only honours on the command line.
import { setFlagsFromString } from 'node:v8';

export type Polyglot = typeof import('@polyglot-sql/sdk');

/** The V8 flag set before the transpiler's WebAssembly is compiled (see above). */
export const WASM_TIERING_FLAG = '--wasm-tier-up-filter=2147483647';

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
