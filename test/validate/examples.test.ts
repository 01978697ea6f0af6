// The repository's own example pipelines validate clean in every environment lakeops.yaml declares.
import { validateProject } from '../../src/validate/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { REPO_ROOT } from './support/corpus.js';

const PIPELINES = [
  'byod-curation',
  'click-file-audit',
  'clickstream-total-clicks',
  'customer-dedup',
  'customer-etl',
  'hourly-hits',
  'order-scoring',
  'sales-jsonata',
];

test.each(['local', 'dev', 'prod'])('the example pipelines have no errors in %s', async (env) => {
  const report = await validateProject(REPO_ROOT, { env });
  expect(report.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  expect(report.ok).toBe(true);
  // The five of the design, and any example added since (all must validate clean).
  expect(report.pipelines.map((p) => p.name)).toEqual(expect.arrayContaining(PIPELINES));
});
