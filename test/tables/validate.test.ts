// validate on tables declared in pipeline.yaml and on external: resources: Athena's type grammar,
// partition projection and Iceberg rules, one producer per table name, and references to
// resources owned elsewhere. Each case names the rule and the line it must be reported at.
import { validateProject } from '../../src/validate/index.js';
import { EVENTS_TABLE, fixtureProject, type FixtureEdits } from './support.js';

async function validate(edits: FixtureEdits, env = 'dev') {
  const { dir, cleanup } = fixtureProject(edits);
  try {
    const r = await validateProject(dir, { env });
    return r.diagnostics.map((d) => ({
      at: `${d.file}:${d.line}`,
      rule: d.rule,
      severity: d.severity,
      message: d.message,
    }));
  } finally {
    cleanup();
  }
}

// The orders pipeline.yaml of the fixture has 71 lines; the appended block starts after one blank line, at line 73.
const ORDERS = 'pipelines/orders/pipeline.yaml';
const lineOf = (block: string, needle: string) => 73 + block.split('\n').findIndex((l) => l.includes(needle));

test('a declared Hive table with date projection validates clean on AWS', async () => {
  expect(await validate({ orders: EVENTS_TABLE })).toEqual([]);
});

test('locally, validate says the projected partitions are the folders (a warning, not an error)', async () => {
  const found = await validate({ orders: EVENTS_TABLE }, 'local');
  expect(found.filter((d) => d.severity === 'error')).toEqual([]);
  expect(found).toContainEqual(
    expect.objectContaining({ at: `${ORDERS}:${lineOf(EVENTS_TABLE, 'projection:')}`, rule: 'local-difference' }),
  );
});

test.each([
  ['strng', /unknown type "strng"/],
  ['decimal(40,2)', /precision 40 is outside 1-38/],
  ['array<>', /expected a type name/],
  ['map<array<int>,string>', /map key must be a primitive/],
  ['struct<a int>', /expected ":"/],
  ['varchar', /varchar needs a length/],
  ['int; drop table x', /unexpected ";/],
])('column type %s is an Athena DDL type error at its line', async (type, message) => {
  const block = EVENTS_TABLE.replace("type: 'array<string>'", `type: '${type}'`);
  const found = await validate({ orders: block });
  expect(found).toEqual([
    expect.objectContaining({
      at: `${ORDERS}:${lineOf(block, 'name: tags')}`,
      rule: 'table-type',
      message: expect.stringMatching(message),
    }),
  ]);
});

test.each([
  [
    'a projection of a column that is no partition key',
    'dt: { type: date',
    'user_name: { type: enum, values: [a] }\n      dt: { type: date',
    /not a partition key/,
  ],
  ['a date projection without format', 'format: yyyy-MM-dd, ', '', /requires format/],
  [
    'an integer range that is not two integers',
    "{ type: date, format: yyyy-MM-dd, range: '2024-01-01,NOW' }",
    "{ type: integer, range: '1-9' }",
    /two integers separated by a comma/,
  ],
  [
    'an enum without values',
    "{ type: date, format: yyyy-MM-dd, range: '2024-01-01,NOW' }",
    '{ type: enum }',
    /requires values/,
  ],
  [
    'a field of another projection type',
    "range: '2024-01-01,NOW' }",
    "range: '2024-01-01,NOW', digits: 2 }",
    /digits does not apply to type date/,
  ],
  ['an hourly format without a unit', 'format: yyyy-MM-dd,', "format: 'yyyy-MM-dd-HH',", /finer than a day/],
  [
    'a relative bound Athena cannot read',
    "range: '2024-01-01,NOW' }",
    "range: '2024-01-01,NOW-3 FORTNIGHTS' }",
    /must be NOW or NOW\+-N/,
  ],
])('partition projection: %s is an error', async (_name, find, replace, message) => {
  const block = EVENTS_TABLE.replace(find, replace);
  const found = await validate({ orders: block });
  expect(found).toEqual([expect.objectContaining({ rule: 'table', message: expect.stringMatching(message) })]);
});

test('every partition key needs a projection, and the location template a placeholder for each', async () => {
  const block = EVENTS_TABLE.replace(
    '      - { name: dt, type: string }',
    '      - { name: dt, type: string }\n      - { name: region, type: string }',
  ).concat('\n    locationTemplate: s3://${data}/declared/events/${dt}/');
  const found = await validate({ orders: block });
  expect(found.map((d) => [d.at, d.message.replace(/ \(http.*$/, '')])).toEqual([
    [`${ORDERS}:${lineOf(block, 'projection:')}`, expect.stringMatching(/partition key region has no projection/)],
    [
      `${ORDERS}:${lineOf(block, 'locationTemplate')}`,
      expect.stringMatching(/no placeholder for partition column \$\{region\}/),
    ],
  ]);
});

const ICEBERG = `tables:
  orders_iceberg:
    database: shop
    location: s3://\${data}/iceberg/orders/
    format: iceberg
    columns:
      - { name: order_id, type: bigint }
      - { name: ts, type: timestamp }
      - { name: category, type: string }
    partitionBy: ['day(ts)', 'bucket(16, order_id)', category]
    properties: { format-version: '2' }`;

test('an Iceberg table with Athena partition transforms validates clean; locally validate says how it is read', async () => {
  expect(await validate({ orders: ICEBERG })).toEqual([]);
  expect(await validate({ orders: ICEBERG }, 'local')).toEqual([
    expect.objectContaining({
      rule: 'local-difference',
      severity: 'warning',
      message: expect.stringMatching(/read locally as the Parquet data files/),
    }),
  ]);
});

test.each([
  [
    'Hive partition keys',
    'properties:',
    'partitionKeys: [{ name: dt, type: string }]\n    properties:',
    /no Hive partition keys/,
  ],
  [
    'a tinyint column',
    '{ name: category, type: string }',
    '{ name: category, type: tinyint }',
    /Iceberg has no tinyint/,
  ],
  ['format version 1', "format-version: '2'", "format-version: '1'", /format version 2 only/],
  ['a day() of a string column', "'day(ts)'", "'day(category)'", /needs a date or timestamp column/],
  ['a transform Athena does not have', "'day(ts)'", "'week(ts)'", /no Iceberg partition transform/],
  ['a transform of an unknown column', "'day(ts)'", "'day(created)'", /not a column/],
])('Iceberg: %s is an error', async (_name, find, replace, message) => {
  const found = await validate({ orders: ICEBERG.replace(find, replace) });
  expect(found).toEqual([expect.objectContaining({ message: expect.stringMatching(message) })]);
});

test('a declared table that a crawler also produces is an error, unless marked crawled: true', async () => {
  // orders-raw-crawler crawls s3://${data}/raw/orders/ into shop_raw: it makes shop_raw.orders.
  const block = EVENTS_TABLE.replace('  events:', '  orders:').replace('database: shop', 'database: shop_raw');
  const found = await validate({ orders: block });
  expect(found).toEqual([
    expect.objectContaining({
      at: `${ORDERS}:${lineOf(block, '  orders:')}`,
      rule: 'duplicate-name',
      message: expect.stringMatching(/also produced by crawler orders-raw-crawler/),
    }),
  ]);
  expect(await validate({ orders: `${block}\n    crawled: true` })).toEqual([]);
});

test('a table declared in two pipelines is an error', async () => {
  const found = await validate({ orders: EVENTS_TABLE, returns: EVENTS_TABLE });
  expect(found).toEqual([
    expect.objectContaining({
      rule: 'duplicate-name',
      message: expect.stringMatching(/also declared by pipeline orders/),
    }),
  ]);
});

test('a job input naming a declared table is a known table (no ref-table error)', async () => {
  const { dir, cleanup } = fixtureProject({ orders: EVENTS_TABLE });
  try {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = `${dir}/pipelines/returns/pipeline.yaml`;
    writeFileSync(file, readFileSync(file, 'utf8').replace('table: shop_raw.returns', 'table: shop.events'));
    const r = await validateProject(dir, { env: 'dev' });
    // The table is known; the job's SQL now meets the declared table's columns, which it does not
    // have (the column check reads the declaration).
    expect(r.diagnostics.filter((d) => d.rule !== 'sql-column')).toEqual([]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) expect(d.message).toContain('declared in pipelines/orders/pipeline.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('table: shop.events', 'table: shop.evnts'));
    const bad = await validateProject(dir, { env: 'dev' });
    expect(bad.diagnostics.map((d) => d.rule)).toEqual(['ref-table']);
  } finally {
    cleanup();
  }
});

const EXTERNAL = `external:
  databases:
    default: {}
    partner: { name: partner_team_prod }
  tables:
    partner.customers: {}
  buckets:
    partner-drop: { name: partner-drop-bucket }`;

test('references to external databases and tables are valid; without external: they are errors', async () => {
  const reads = (db: string) => `tables:
  x:
    database: ${db}
    location: s3://\${data}/x/
    format: json
    columns: [{ name: a, type: string }]`;
  expect(await validate({ orders: reads('default'), project: EXTERNAL })).toEqual([]);
  expect(await validate({ orders: reads('default') })).toEqual([
    expect.objectContaining({ rule: 'ref-database', message: expect.stringMatching(/external\.databases/) }),
  ]);
});

test('a job reading an external table: valid on AWS, a local-runnability warning locally', async () => {
  const { dir, cleanup } = fixtureProject({ project: EXTERNAL });
  try {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = `${dir}/pipelines/returns/pipeline.yaml`;
    writeFileSync(file, readFileSync(file, 'utf8').replace('table: shop_raw.returns', 'table: partner.customers'));
    expect((await validateProject(dir, { env: 'dev' })).diagnostics).toEqual([]);
    const local = await validateProject(dir, { env: 'local' });
    expect(local.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule}`)).toEqual([
      'pipelines/returns/pipeline.yaml:18 warning local-runnability',
    ]);
  } finally {
    cleanup();
  }
});

test('an external entry that the project also declares is an error (database, table)', async () => {
  const ext = EXTERNAL.replace('    partner.customers: {}', '    partner.customers: {}\n    shop.events: {}');
  const found = await validate({ orders: EVENTS_TABLE, project: ext });
  expect(found).toEqual([
    expect.objectContaining({ at: `${ORDERS}:${lineOf(EVENTS_TABLE, '  events:')}`, rule: 'external-conflict' }),
  ]);
  const dbClash = await validate({ project: `external:\n  databases:\n    shop: {}` });
  expect(dbClash.map((d) => `${d.at} ${d.rule}`)).toEqual([
    'pipelines/orders/pipeline.yaml:5 external-conflict',
    'pipelines/returns/pipeline.yaml:4 external-conflict',
  ]);
});

test('an environment entry replaces the top-level external entry of the same name', async () => {
  const { dir, cleanup } = fixtureProject({
    project: `external:\n  databases:\n    partner: { name: partner_team }`,
  });
  try {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = `${dir}/lakeops.yaml`;
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '      artifacts: shop-dev-artifacts',
        '      artifacts: shop-dev-artifacts\n    external:\n      databases:\n        partner: { name: partner_team_dev }',
      ),
    );
    const { loadProjectOrThrow } = await import('../../src/model/project.js');
    const { resolveEnvironment } = await import('../../src/model/environment.js');
    const project = loadProjectOrThrow(dir);
    expect(resolveEnvironment(project, 'dev').physicalName('database', 'partner')).toBe('partner_team_dev');
    expect(resolveEnvironment(project, 'local').physicalName('database', 'partner')).toBe('partner_team');
    // The project's own databases keep the environment's prefix.
    expect(resolveEnvironment(project, 'dev').physicalName('database', 'shop')).toBe('dev_shop');
  } finally {
    cleanup();
  }
});

test('a trigger action timeout on a crawler action is an error (Glue Action.Timeout is a job run timeout)', async () => {
  const { dir, cleanup } = fixtureProject({});
  try {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = `${dir}/pipelines/returns/pipeline.yaml`;
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace('arguments: { --mode: full }', 'arguments: { --mode: full }\n          timeoutMinutes: 5'),
    );
    expect((await validateProject(dir, { env: 'dev' })).diagnostics).toEqual([]);
    writeFileSync(
      file,
      text.replace(
        '        - crawler: returns-raw-crawler',
        '        - crawler: returns-raw-crawler\n          timeoutMinutes: 5',
      ),
    );
    const r = await validateProject(dir, { env: 'dev' });
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual([
      'pipelines/returns/pipeline.yaml:34 trigger-action',
    ]);
  } finally {
    cleanup();
  }
});
