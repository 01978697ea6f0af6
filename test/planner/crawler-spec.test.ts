// The crawler options of pipeline.yaml in the spec sent to AWS (CreateCrawler/UpdateCrawler):
// SchemaChangePolicy with Glue's values, and Configuration as the JSON string Glue documents
// ("Setting crawler configuration options": https://docs.aws.amazon.com/glue/latest/dg/crawler-configuration.html).
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { buildDesiredState } from '../../src/planner/desired.js';
import { accountContext } from '../../src/planner/names.js';
import { copyProject, edit } from '../fixtures/aws/harness.js';

const crawlerSpec = (root: string, name: string) => {
  const project = loadProjectOrThrow(root);
  const env = resolveEnvironment(project, 'dev');
  const state = buildDesiredState(project, env, { ctx: accountContext(env, '123456789012') });
  return state.resources.find((r) => r.kind === 'crawler' && r.name === name)!.spec as Record<string, any>;
};

let copy: ReturnType<typeof copyProject>;
beforeEach(() => {
  copy = copyProject();
});
afterEach(() => copy.cleanup());

test('configuration and schemaChangePolicy become Configuration (JSON, Version 1.0) and SchemaChangePolicy', () => {
  edit(
    copy.root,
    'pipelines/hourly-hits/pipeline.yaml',
    '  aggregated-data-crawler:\n',
    [
      '  aggregated-data-crawler:',
      '    schemaChangePolicy: { updateBehavior: LOG, deleteBehavior: DELETE_FROM_DATABASE }',
      '    configuration:',
      '      grouping: { tableGroupingPolicy: CombineCompatibleSchemas, tableLevelConfiguration: 3 }',
      '      crawlerOutput:',
      '        tables: { addOrUpdateBehavior: MergeNewColumns }',
      '        partitions: { addOrUpdateBehavior: InheritFromTable }',
      '',
    ].join('\n'),
  );
  const spec = crawlerSpec(copy.root, 'dev-aggregated-data-crawler');
  expect(spec.SchemaChangePolicy).toEqual({ UpdateBehavior: 'LOG', DeleteBehavior: 'DELETE_FROM_DATABASE' });
  expect(JSON.parse(spec.Configuration)).toEqual({
    Version: 1.0,
    CrawlerOutput: {
      Tables: { AddOrUpdateBehavior: 'MergeNewColumns' },
      Partitions: { AddOrUpdateBehavior: 'InheritFromTable' },
    },
    Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas', TableLevelConfiguration: 3 },
  });
});

test('without options: Glue defaults, no Configuration; new-folders-only keeps LOG/LOG', () => {
  const plain = crawlerSpec(copy.root, 'dev-aggregated-data-crawler');
  expect(plain.SchemaChangePolicy).toEqual({
    UpdateBehavior: 'UPDATE_IN_DATABASE',
    DeleteBehavior: 'DEPRECATE_IN_DATABASE',
  });
  expect(plain.Configuration).toBeUndefined();
  const incremental = crawlerSpec(copy.root, 'dev-raw-data-crawler');
  expect(incremental.RecrawlPolicy).toEqual({ RecrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' });
  expect(incremental.SchemaChangePolicy).toEqual({ UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' });
});
