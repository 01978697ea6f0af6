// Reads are batched: BatchGet* with up to 100 names (25 for workflows) and tag-filtered List*
// pages, so N managed Glue resources take O(N/100) Glue read calls; pagination is followed.
import { harness, silent } from '../fixtures/aws/harness.js';
import { RESOURCES_PER_PIPELINE, syntheticProject } from '../fixtures/aws/synthetic.js';

test('planning 600 managed resources takes a handful of Glue reads, each batch within the API limits', async () => {
  const pipelines = 60;
  const s = syntheticProject(pipelines);
  try {
    const h = harness({ root: s.root });
    await h.target.deploy(h.project, {}, silent);
    h.world.calls = [];
    const { plan } = await h.target.planInternal(h.project, {});
    expect(plan.changes.filter((c) => c.change.kind !== 'artifact')).toHaveLength(pipelines * RESOURCES_PER_PIPELINE);
    expect(plan.changes.filter((c) => c.change.action !== 'noop')).toEqual([]);

    const ops = plan.readCallsByOperation;
    // 180 jobs, 120 crawlers, 120 triggers, 60 workflows, 60 databases
    expect(ops['glue:BatchGetJobs']).toBe(2);
    expect(ops['glue:BatchGetCrawlers']).toBe(2);
    expect(ops['glue:BatchGetTriggers']).toBe(2);
    expect(ops['glue:BatchGetWorkflows']).toBe(3);
    expect(ops['glue:ListWorkflows']).toBe(3);
    expect(ops['glue:GetDatabases']).toBe(1);
    expect(ops['glue:GetTags']).toBeUndefined(); // ownership came from tag-filtered lists and marks
    const glue = Object.entries(ops)
      .filter(([op]) => op.startsWith('glue:'))
      .reduce((n, [, c]) => n + c, 0);
    expect(glue).toBeLessThanOrEqual(20);
    // Every batch respected its limit (the fake account rejects larger ones).
    for (const c of h.world.calls.filter((x) => x.op === 'BatchGetJobs'))
      expect(c.input.JobNames.length).toBeLessThanOrEqual(100);
    for (const c of h.world.calls.filter((x) => x.op === 'BatchGetWorkflows'))
      expect(c.input.Names.length).toBeLessThanOrEqual(25);
    // 60 SQL runner + 180 SQL files: listed by prefix instead of a HeadObject each.
    expect(ops['s3:HeadObject']).toBeUndefined();
    expect(ops['s3:ListObjectsV2']).toBe(16);
    // The reader's own count matches what reached AWS.
    expect(h.world.calls.length).toBe(plan.readCalls);
  } finally {
    s.cleanup();
  }
});

test('paginated lists are followed to the end (more owned jobs than one ListJobs page)', async () => {
  const s = syntheticProject(2);
  try {
    const h = harness({ root: s.root });
    await h.target.deploy(h.project, {}, silent);
    // 1,500 owned jobs no longer in the model: two ListJobs pages, every one a delete candidate.
    for (let i = 0; i < 1500; i++)
      h.world.jobs.set(`dev-old-${i}`, {
        job: { Name: `dev-old-${i}` },
        tags: { 'lakeops:project': 'bench', 'lakeops:env': 'dev', 'lakeops:pipeline': 'gone' },
      });
    const { plan } = await h.target.planInternal(h.project, {});
    expect(plan.readCallsByOperation['glue:ListJobs']).toBe(2);
    expect(plan.changes.filter((c) => c.change.action === 'delete')).toHaveLength(1500);
  } finally {
    s.cleanup();
  }
});
