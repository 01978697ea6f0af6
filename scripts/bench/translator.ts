// Benchmark: the cost of loading the SQL transpiler (@polyglot-sql/sdk, WebAssembly) and
// translating the three hourly-hits job statements in a fresh process, with lakeops' V8 flag
// that keeps it on Liftoff (src/targets/local/translator.ts) and with V8's default tiering, and a re-run that finds
// every translation on disk. Wall time and peak RSS from GNU time.
// Run: npm run bench -- translator [--runs N]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO } from './support/time-cli.js';
import { measure, median, requireGnuTime } from './support/measure.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
requireGnuTime();

const dir = mkdtempSync(join(tmpdir(), 'lakeops-bench-translator-'));
const script = join(dir, 'translate.mts');
const cacheDir = join(dir, 'cache');
const url = (rel: string) => JSON.stringify(new URL(`file://${join(REPO, rel)}`).href);
writeFileSync(
  script,
  `import { readFileSync } from 'node:fs';
import { translateSql } from ${url('src/targets/local/sql-translate.ts')};
import { setTranslationCacheDir, translationCacheStats } from ${url('src/targets/local/translation-cache.ts')};
import { translatorLoaded } from ${url('src/targets/local/translator.ts')};
if (process.argv[2]) setTranslationCacheDir(process.argv[2]);
for (const f of ['hits_by_country', 'hits_by_domain_and_groupid', 'hits_by_useragent'])
  await translateSql(readFileSync(${url('sql/jobs')}.replace('file://', '') + '/' + f + '.sql', 'utf8'), 'spark');
console.log(JSON.stringify({ ...translationCacheStats(), loaded: translatorLoaded() }));
`,
);
const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
try {
  const rows: [string, number, number, string][] = [];
  const run = (label: string, env: Record<string, string>, args: string[]) => {
    const ms = Array.from({ length: runs }, () =>
      measure(label, tsx, [script, ...args], { env: { ...process.env, ...env }, cwd: REPO }),
    );
    rows.push([label, median(ms.map((m) => m.seconds)), Math.max(...ms.map((m) => m.peakMiB)), ms[0]!.stdout.trim()]);
  };
  run('V8 default tiering, no disk cache', { LAKEOPS_WASM_TIER_UP: '1' }, []);
  run('lakeops V8 flag (no tier-up), no disk cache', {}, []);
  measure('fill the disk cache', tsx, [script, cacheDir], { cwd: REPO });
  run('re-run, translations on disk', {}, [cacheDir]);
  process.stdout.write(`fresh tsx process translating the 3 hourly-hits statements (median of ${runs} runs)\n`);
  for (const [label, s, mib, stats] of rows)
    process.stdout.write(
      `${label.padEnd(40)} ${`${s.toFixed(2)} s`.padStart(8)} ${`${mib.toFixed(0)} MiB`.padStart(9)}  ${stats}\n`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
