// --format sarif is a valid SARIF 2.1.0 log (checked with Ajv against the OASIS SARIF schema, as
// shipped by @microsoft/jest-sarif) that GitHub code scanning can place: every diagnostic as a
// result with its rule, level, file and line/column; --format json carries the same diagnostics.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The SARIF schema is JSON Schema draft-04, which Ajv 8 reads through ajv-draft-04.
import Ajv04Module from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { materialise, REPO_ROOT } from './support/corpus.js';
import { toSarif } from '../../src/validate/sarif.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(
    join(
      require.resolve('@microsoft/jest-sarif/package.json').replace(/package\.json$/, ''),
      'lib',
      'schemas',
      'sarif-2.1.0-rtm.5.json',
    ),
    'utf8',
  ),
);
// unicodeRegExp off: one pattern of the schema is not valid under the u flag.
// CommonJS default export, seen through ESM interop.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ?? Ajv04Module) as typeof Ajv04Module.default;
const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
(addFormats as unknown as (a: unknown) => void)(ajv);
const validateSarif = ajv.compile(schema);

function lakeops(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'lakeops.js'), 'validate', '-C', dir, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the schema check itself rejects a log that breaks SARIF', () => {
  const log = toSarif([{ file: 'a.yaml', line: 1, column: 1, severity: 'error', message: 'x; y', rule: 'r' }], '1.0.0');
  expect(validateSarif(log)).toBe(true);
  const broken = JSON.parse(JSON.stringify(log));
  broken.runs[0].results[0].level = 'fatal';
  expect(validateSarif(broken)).toBe(false);
});

test('--format sarif and --format json report the same problems; SARIF validates against the 2.1.0 schema', () => {
  const { dir, cleanup } = materialise({
    name: 'sarif',
    description: '',
    edits: [
      { file: 'pipelines/orders/pipeline.yaml', find: 'rate(1 hour)', replace: 'rate(1 hours)' },
      {
        file: 'pipelines/orders/state-machine.asl.json',
        find: '"Seconds": 30,',
        replace: '"Seconds": 30, "ResultSelector": {},',
      },
    ],
    expect: { file: '', line: 0, rule: '' },
  });
  try {
    const sarif = lakeops(dir, '--format', 'sarif');
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect({ errors: validateSarif.errors ?? null, valid: validateSarif(log) }).toMatchObject({ valid: true });
    const json = lakeops(dir, '--format', 'json');
    expect(json.code).toBe(1);
    const diagnostics = JSON.parse(json.stdout).diagnostics as {
      file: string;
      line: number;
      column: number;
      rule: string;
    }[];
    expect(diagnostics.length).toBeGreaterThanOrEqual(2);
    const results = log.runs[0].results.map((r: any) => ({
      file: r.locations[0].physicalLocation.artifactLocation.uri,
      line: r.locations[0].physicalLocation.region.startLine,
      column: r.locations[0].physicalLocation.region.startColumn,
      rule: r.ruleId,
    }));
    expect(results).toEqual(diagnostics.map(({ file, line, column, rule }) => ({ file, line, column, rule })));
    expect(results).toContainEqual(
      expect.objectContaining({ file: 'pipelines/orders/state-machine.asl.json', rule: 'asl-field' }),
    );
    expect(log.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('asl-field');
  } finally {
    cleanup();
  }
}, 60_000);
