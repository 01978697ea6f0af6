// Writes a lakeops project of N pipelines for the validate benchmark: copies of the two pipelines
// of test/fixtures/valid (a Step Functions one and a Glue workflow one), each copy with its own
// resource names, databases and S3 prefixes, so the result validates clean and every cross-pipeline
// check (names, tables, overlaps) has N pipelines' worth of work.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NAMES = [
  'orders-clean-crawler',
  'orders-raw-crawler',
  'orders-clean',
  'orders-score',
  'returns-clean-crawler',
  'returns-raw-crawler',
  'returns-clean',
  'shop_raw',
  'shop',
  'alerts',
  'raw-landed',
  'returns-landed',
  'hourly',
  'after-clean',
  'after-crawl',
  'on-landed',
];

function rename(text: string, k: number): string {
  let out = text;
  for (const n of NAMES) {
    const suffix = n.includes('_') || n === 'shop' ? `_${k}` : `-${k}`;
    out = out.replace(new RegExp(`(?<![\\w-])${n}(?![\\w-])`, 'g'), n + suffix);
  }
  return out
    .replace(/^name: (orders|returns)$/m, `name: $1-${k}`)
    .replace(/pipelines\/orders\//g, `pipelines/orders-${k}/`)
    .replace(/s3:\/\/\$\{data\}\//g, `s3://\${data}/p${k}/`)
    .replace(/prefix: raw\//g, `prefix: p${k}/raw/`);
}

/** Fills `dir` with a project of `n` pipelines (n even; n/2 copies of each fixture pipeline). */
export function writeScaleProject(fixture: string, dir: string, n: number): void {
  cpSync(fixture, dir, { recursive: true });
  for (const p of ['orders', 'returns']) {
    const src = join(dir, 'pipelines', p);
    const files = p === 'orders' ? ['pipeline.yaml', 'state-machine.asl.json'] : ['pipeline.yaml'];
    const texts = files.map((f) => readFileSync(join(src, f), 'utf8'));
    rmSync(src, { recursive: true });
    const copies = p === 'orders' ? Math.ceil(n / 2) : Math.floor(n / 2);
    for (let k = 0; k < copies; k++) {
      const target = join(dir, 'pipelines', `${p}-${k}`);
      mkdirSync(target, { recursive: true });
      files.forEach((f, i) => writeFileSync(join(target, f), rename(texts[i]!, k)));
    }
  }
}
