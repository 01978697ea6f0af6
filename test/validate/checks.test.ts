// Behaviour of individual checks that the corpus does not pin down: positions through ${Name}
// substitution, the Python skip, crawler table inference, pipeline.yaml substitutions.
import { validateProject } from '../../src/validate/index.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { knownTables, tableNameOfFolder } from '../../src/validate/tables.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { materialise, VALID_FIXTURE, type BrokenCase } from './support/corpus.js';

async function validateWith(edits: BrokenCase['edits'], env?: string) {
  const { dir, cleanup } = materialise({
    name: 'adhoc',
    description: '',
    edits,
    expect: { file: '', line: 0, rule: '' },
  });
  try {
    return await validateProject(dir, { env });
  } finally {
    cleanup();
  }
}

test.each(['local', 'dev'])(
  'SQL errors after a ${Name} on the same line keep their column in the file (%s)',
  async (env) => {
    const line = 'FROM "${shop}"."orders" WHERE WHERE';
    const r = await validateWith([{ file: 'sql/views/orders_daily.sql', find: 'FROM orders', replace: line }], env);
    const d = r.diagnostics.find((x) => x.rule === 'sql-syntax');
    expect(r.diagnostics.map(formatDiagnostic)).toHaveLength(1);
    expect(d).toMatchObject({ file: 'sql/views/orders_daily.sql', line: 2, column: line.lastIndexOf('WHERE') + 1 });
  },
);

test('an unresolved ${Name} inside SQL is reported where it stands', async () => {
  const r = await validateWith([
    { file: 'sql/views/orders_daily.sql', find: 'FROM orders', replace: 'FROM "${shopp}".orders' },
  ]);
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([
    expect.stringMatching(
      /^sql\/views\/orders_daily\.sql:2:7: error: \$\{shopp\} does not resolve in environment "local" \[unresolved-substitution\]$/,
    ),
  ]);
});

test('an unresolved ${Name} in pipeline.yaml is an error at its value', async () => {
  const r = await validateWith([
    { file: 'pipelines/orders/pipeline.yaml', find: "name: ['${data}']", replace: "name: ['${date}']" },
  ]);
  expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual([
    'pipelines/orders/pipeline.yaml:48 unresolved-substitution',
  ]);
});

test('without python3 the Python check is skipped with one warning, and validate still passes', async () => {
  const r = await validateProject(VALID_FIXTURE, { python: 'python3-that-does-not-exist' });
  expect(r.ok).toBe(true);
  expect(r.diagnostics).toEqual([
    expect.objectContaining({
      file: 'glue-scripts/orders_score.py',
      severity: 'warning',
      rule: 'python-skipped',
      message: expect.stringMatching(/skipped compiling 1 Python script/),
    }),
  ]);
});

test('crawlers produce a table per target folder, and per dataset folder the project writes under a target', () => {
  const project = loadProjectOrThrow(VALID_FIXTURE);
  const tables = knownTables(project).map((t) => `${t.database}.${t.table} <- ${t.origin}`);
  expect(tables).toEqual(
    expect.arrayContaining([
      'shop_raw.orders <- crawler orders-raw-crawler',
      'shop.orders <- crawler orders-clean-crawler',
      'shop.orders <- job orders-clean',
      'shop.orders_daily <- view orders_daily',
      'shop_raw.returns <- crawler returns-raw-crawler',
    ]),
  );
  expect(tableNameOfFolder('Total-Clicks', 'raw_')).toBe('raw_total_clicks');
});

test('a crawler over a parent folder covers the dataset folders written beneath it', async () => {
  const r = await validateWith([
    {
      file: 'pipelines/orders/pipeline.yaml',
      find: '    targets:\n      - path: s3://${data}/raw/orders/',
      replace: '    targets:\n      - path: s3://${data}/raw/',
    },
  ]);
  // shop_raw.orders still exists: the sample lands files in raw/orders/, under the new target.
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
});

describe('nested scopes (Parallel branches, Map item processors)', () => {
  const fanOut = (branchNext: string, mapJob: string) => [
    {
      file: 'pipelines/orders/state-machine.asl.json',
      find: '      "End": true\n    },\n    "Notify Failure"',
      replace: [
        '      "Next": "Fan Out"',
        '    },',
        '    "Fan Out": {',
        '      "Type": "Parallel",',
        '      "Branches": [',
        '        { "StartAt": "Score", "States": { "Score": { "Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": { "JobName": "${orders-score}" }, "End": true } } },',
        `        { "StartAt": "Check", "States": { "Check": { "Type": "Pass", "Next": "${branchNext}" }, "Done": { "Type": "Succeed" } } }`,
        '      ],',
        '      "Next": "Each Day"',
        '    },',
        '    "Each Day": {',
        '      "Type": "Map",',
        '      "ItemsPath": "$.days",',
        `      "ItemProcessor": { "StartAt": "Clean Day", "States": { "Clean Day": { "Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": { "JobName": "${mapJob}" }, "End": true } } },`,
        '      "End": true',
        '    },',
        '    "Notify Failure"',
      ].join('\n'),
    },
  ];

  test('a Parallel branch and a Map item processor that stay in their scope are valid', async () => {
    const r = await validateWith(fanOut('Done', '${orders-clean}'));
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  test('transitions stay inside their branch; Tasks inside a Map are checked too', async () => {
    const r = await validateWith(fanOut('Failed', 'nightly-job'));
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}: ${d.message}`)).toEqual([
      expect.stringMatching(
        /:49 asl-next: state "Check" goes to "Failed", which is not a state of this Parallel branch; "Failed" is in another scope/,
      ),
      expect.stringMatching(
        /:56 ref-job: Task "Clean Day" names Glue job "nightly-job", which is not a Glue job of this project/,
      ),
    ]);
  });
});

// stateMachine.substitutions values may use ${Name} themselves; an unknown one is reported at the
// value's own line in pipeline.yaml.
test('a ${Name} inside a stateMachine.substitutions value is expanded; an unknown one is reported at its line', async () => {
  const sm = 'stateMachine:\n  definition: pipelines/orders/state-machine.asl.json\n';
  const ok = await validateWith([
    {
      file: 'pipelines/orders/pipeline.yaml',
      find: sm,
      replace: sm + '  substitutions:\n    Landing: s3://${data}/landing/${Env}\n',
    },
  ]);
  expect(ok.diagnostics.filter((d) => d.rule === 'unresolved-substitution')).toEqual([]);
  const bad = await validateWith([
    {
      file: 'pipelines/orders/pipeline.yaml',
      find: sm,
      replace: sm + '  substitutions:\n    Landing: landing/${NoSuchName}\n',
    },
  ]);
  const d = bad.diagnostics.filter((x) => x.rule === 'unresolved-substitution');
  expect(d).toHaveLength(1);
  expect(d[0]).toMatchObject({ file: 'pipelines/orders/pipeline.yaml', line: 38 });
  expect(d[0]!.message).toContain('${NoSuchName}');
  const loop = await validateWith([
    {
      file: 'pipelines/orders/pipeline.yaml',
      find: sm,
      replace: sm + '  substitutions:\n    A: a-${B}\n    B: b-${A}\n',
    },
  ]);
  const cycles = loop.diagnostics.filter((x) => x.rule === 'unresolved-substitution');
  expect(cycles.map((c) => c.line)).toEqual([38, 39]);
  expect(cycles[0]!.message).toContain('refers back to itself');
});

// Spark functions the local target cannot run (src/targets/local/spark-functions.ts) fail validate
// on the local target at their line and column; the AWS target runs them on Glue and says nothing.
// raise_error is translated (DuckDB error()) and passes.
test('a Spark function the local target leaves untranslated is reported at its use, on the local target only', async () => {
  const edits = [
    {
      file: 'sql/jobs/orders_clean.sql',
      find: '       :day AS day',
      replace:
        "       :day AS day, initcap('x') AS y, -- sha2(x, 256) in a comment is no call\n       raise_error('z') AS z",
    },
  ];
  const local = await validateWith(edits);
  const d = local.diagnostics.filter((x) => x.rule === 'sql-local-function');
  expect(d).toHaveLength(1);
  expect(d[0]).toMatchObject({ file: 'sql/jobs/orders_clean.sql', line: 5, column: 21, severity: 'error' });
  expect(d[0]!.message).toContain('initcap() cannot run on the local target');
  expect(d[0]!.message).toContain('job orders-clean');
  const dev = await validateWith(edits, 'dev');
  expect(dev.diagnostics.filter((x) => x.rule === 'sql-local-function')).toEqual([]);
});
