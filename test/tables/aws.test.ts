// Declared tables on AWS, against the fake account: deploy sends Glue CreateTable with the
// TableInput Athena documents per format (SerDe, input/output formats, partition projection as
// projection.* parameters, ownership marks as parameters), Iceberg through OpenTableFormatInput,
// a second plan is a no-op, an update keeps parameters others set, prune deletes with DeleteTable,
// and a table lakeops does not own is a conflict.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, harness, silent } from '../fixtures/aws/harness.js';

const TABLES = `
tables:
  hits_declared:
    database: demo-raw-data
    location: s3://\${data}/hourly-hits/declared/
    format: json
    description: Hits as declared, one folder per day
    columns:
      - { name: hit_id, type: BIGINT, comment: the id }
      - { name: tags, type: 'array< string >' }
    partitionKeys: [{ name: dt, type: string }]
    projection:
      dt: { type: date, format: yyyy-MM-dd, range: '2024-01-01,NOW', interval: 1, unit: days }
    locationTemplate: s3://\${data}/hourly-hits/declared/\${dt}/
  hits_iceberg:
    database: demo-raw-data
    location: s3://\${data}/hourly-hits/iceberg/
    format: iceberg
    columns:
      - { name: hit_id, type: bigint }
      - { name: ts, type: timestamp }
      - { name: attrs, type: 'map<string,int>' }
    partitionBy: ['day(ts)', 'bucket(8, hit_id)']
`;

function setup() {
  const { root, cleanup } = copyProject();
  appendFileSync(join(root, 'pipelines/hourly-hits/pipeline.yaml'), TABLES);
  return { root, cleanup, h: harness({ root }) };
}

const creates = (h: ReturnType<typeof harness>) =>
  h.world.calls.filter((c) => c.service === 'glue' && c.op === 'CreateTable').map((c) => c.input);

test('deploy creates a Hive table with SerDe, projection parameters and ownership marks, and an Iceberg table through OpenTableFormatInput', async () => {
  const { cleanup, h } = setup();
  try {
    const plan = await h.target.plan(h.project);
    expect(plan.changes.filter((c) => c.kind === 'table').map((c) => [c.name, c.action, c.file])).toEqual([
      ['dev_demo-raw-data.hits_declared', 'create', 'pipelines/hourly-hits/pipeline.yaml'],
      ['dev_demo-raw-data.hits_iceberg', 'create', 'pipelines/hourly-hits/pipeline.yaml'],
    ]);
    const result = await h.target.deploy(h.project, {}, silent);
    expect(result.failed).toEqual([]);
    const [hive, iceberg] = creates(h).sort((a, b) => a.TableInput.Name.localeCompare(b.TableInput.Name));
    expect(hive).toEqual({
      DatabaseName: 'dev_demo-raw-data',
      TableInput: {
        Name: 'hits_declared',
        Description: 'Hits as declared, one folder per day',
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          EXTERNAL: 'TRUE',
          classification: 'json',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2024-01-01,NOW',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          // ${data} substituted, Athena's ${dt} placeholder kept.
          'storage.location.template': 's3://lakeops-demo-dev-data/hourly-hits/declared/${dt}/',
          'lakeops:project': 'lakeops-demo',
          'lakeops:env': 'dev',
          'lakeops:pipeline': 'hourly-hits',
          'lakeops:parameters':
            'EXTERNAL,classification,projection.dt.format,projection.dt.interval,projection.dt.interval.unit,projection.dt.range,projection.dt.type,projection.enabled,storage.location.template',
        },
        StorageDescriptor: {
          // Types in Glue's canonical form (lower case, no spaces).
          Columns: [
            { Name: 'hit_id', Type: 'bigint', Comment: 'the id' },
            { Name: 'tags', Type: 'array<string>' },
          ],
          Location: 's3://lakeops-demo-dev-data/hourly-hits/declared/',
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: {} },
        },
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      },
    });
    expect(iceberg.OpenTableFormatInput).toEqual({
      IcebergInput: {
        MetadataOperation: 'CREATE',
        Version: '2',
        CreateIcebergTableInput: {
          Location: 's3://lakeops-demo-dev-data/hourly-hits/iceberg/',
          Schema: {
            SchemaId: 0,
            Type: 'struct',
            Fields: [
              { Id: 1, Name: 'hit_id', Type: 'long', Required: false },
              { Id: 2, Name: 'ts', Type: 'timestamp', Required: false },
              {
                Id: 3,
                Name: 'attrs',
                Type: { type: 'map', 'key-id': 4, key: 'string', 'value-id': 5, value: 'int', 'value-required': false },
                Required: false,
              },
            ],
          },
          PartitionSpec: {
            SpecId: 0,
            Fields: [
              { SourceId: 2, Transform: 'day', Name: 'ts_day', FieldId: 1000 },
              { SourceId: 1, Transform: 'bucket[8]', Name: 'hit_id_bucket', FieldId: 1001 },
            ],
          },
        },
      },
    });
    expect(iceberg.TableInput.Parameters).toMatchObject({ table_type: 'ICEBERG', 'lakeops:env': 'dev' });
    // Deploy then plan: nothing to change (the fake adds metadata_location like Glue does).
    const again = await h.target.plan(h.project);
    expect(again.changes.filter((c) => c.kind === 'table').map((c) => c.action)).toEqual(['noop', 'noop']);
  } finally {
    cleanup();
  }
});

test('a changed column is an UpdateTable that keeps the parameters others set; prune deletes a table no longer declared', async () => {
  const { root, cleanup, h } = setup();
  try {
    await h.target.deploy(h.project, {}, silent);
    const stored = h.world.tables.get('dev_demo-raw-data')!.get('hits_declared');
    stored.Parameters.transient_lastDdlTime = '1714521600'; // set by Athena, not lakeops
    const file = join(root, 'pipelines/hourly-hits/pipeline.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace("type: 'array< string >'", "type: 'array<int>'"));
    const { project, target } = h.reload();
    const plan = await target.plan(project);
    const change = plan.changes.find((c) => c.name === 'dev_demo-raw-data.hits_declared')!;
    expect(change.action).toBe('update');
    expect(change.diffs).toEqual([
      { path: 'StorageDescriptor.Columns.1.Type', before: 'array<string>', after: 'array<int>' },
    ]);
    h.world.calls = [];
    expect((await target.deploy(project, {}, silent)).failed).toEqual([]);
    const updates = h.world.calls.filter((c) => c.op === 'UpdateTable');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.input.TableInput.Parameters.transient_lastDdlTime).toBe('1714521600');
    expect(h.world.tables.get('dev_demo-raw-data')!.get('hits_declared').StorageDescriptor.Columns[1].Type).toBe(
      'array<int>',
    );

    // Remove the Hive table from the model: prune deletes it (and only it).
    writeFileSync(file, readFileSync(file, 'utf8').replace(/ {2}hits_declared:[\s\S]*?(?= {2}hits_iceberg:)/, ''));
    const r2 = h.reload();
    const plan2 = await r2.target.plan(r2.project);
    expect(
      plan2.changes.filter((c) => c.kind === 'table' && c.action !== 'noop').map((c) => [c.name, c.action]),
    ).toEqual([['dev_demo-raw-data.hits_declared', 'delete']]);
    h.world.calls = [];
    await r2.target.deploy(r2.project, { prune: true, allowDeletes: 1 }, silent);
    const glueWrites = h.world.mutatingCalls().filter((c) => c.service === 'glue');
    expect(glueWrites.map((c) => `${c.op} ${c.input.DatabaseName}.${c.input.Name}`)).toEqual([
      'DeleteTable dev_demo-raw-data.hits_declared',
    ]);
  } finally {
    cleanup();
  }
});

test('a table with the same name that lakeops does not own is a conflict: nothing is written to it', async () => {
  const { cleanup, h } = setup();
  try {
    await h.target.deploy(h.project, {}, silent);
    const t = h.world.tables.get('dev_demo-raw-data')!.get('hits_declared');
    t.Parameters = { classification: 'json' }; // someone else's table now
    h.world.calls = [];
    const plan = await h.target.plan(h.project);
    expect(plan.changes.find((c) => c.name === 'dev_demo-raw-data.hits_declared')!.action).toBe('conflict');
    await h.target.deploy(h.project, {}, silent);
    expect(h.world.mutatingCalls().filter((c) => c.op.endsWith('Table'))).toEqual([]);
  } finally {
    cleanup();
  }
});

test("changing an Iceberg table's columns fails that table with how to do it (ALTER TABLE in Athena), the rest deploys", async () => {
  const { root, cleanup, h } = setup();
  try {
    await h.target.deploy(h.project, {}, silent);
    const file = join(root, 'pipelines/hourly-hits/pipeline.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('{ name: ts, type: timestamp }', '{ name: ts, type: date }'),
    );
    const { project, target } = h.reload();
    const result = await target.deploy(project, {}, silent);
    expect(result.failed).toEqual([
      expect.objectContaining({
        kind: 'table',
        name: 'dev_demo-raw-data.hits_iceberg',
        error: expect.stringMatching(/ALTER TABLE in Athena/),
      }),
    ]);
  } finally {
    cleanup();
  }
});
