// The GitHub API pieces against the recorded API: the sticky comment found on a later page of a
// long thread, the PR files list read to its last page, deployments, and request shapes checked
// against GitHub's OpenAPI schemas.
import { createGitHubClient } from '../../src/github/client.js';
import { publishCheckRun } from '../../src/github/check-run.js';
import { REPORT_MARKER, upsertStickyComment } from '../../src/github/sticky-comment.js';
import { listPullRequestFiles } from '../../src/github/touched-pipelines.js';
import { syncValidationIssue } from '../../src/github/validation-issue.js';
import { FakeGitHub } from './support/fake-github.js';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATIONS } from '../../scripts/openapi-subset.js';

const repo = { owner: 'octo', repo: 'lakeops-demo' };

describe('GitHub API calls', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = new FakeGitHub();
    await fake.start();
  });
  afterEach(() => fake.stop());

  test('the sticky comment is found on page 3 of 250 comments and updated, not duplicated', async () => {
    for (let i = 0; i < 250; i++)
      fake.comments.push({ id: i + 1, body: i === 230 ? `${REPORT_MARKER}\nold` : `chat ${i}`, issue: 7 });
    const gh = createGitHubClient('test-token', fake.url);
    const res = await upsertStickyComment(gh, repo, 7, `${REPORT_MARKER}\nnew`);

    expect(res).toMatchObject({ id: 231, action: 'updated' });
    expect(fake.calls('issues/list-comments').map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(fake.calls('issues/create-comment')).toHaveLength(0);
    expect(fake.comments.filter((c) => c.body.startsWith(REPORT_MARKER))).toEqual([
      { id: 231, body: `${REPORT_MARKER}\nnew`, issue: 7 },
    ]);
    // The same body again needs no write.
    expect((await upsertStickyComment(gh, repo, 7, `${REPORT_MARKER}\nnew`)).action).toBe('unchanged');
    expect(fake.calls('issues/update-comment')).toHaveLength(1);
    expect(fake.invalid).toEqual([]);
  });

  test('a human comment quoting the marker is left alone; the bot comment is the sticky one', async () => {
    fake.comments.push({ id: 1, body: `${REPORT_MARKER}\nquoted by a reviewer`, issue: 7, user: 'octocat' });
    const gh = createGitHubClient('test-token', fake.url);
    // Only the human's comment carries the marker: a new comment is created next to it.
    expect(await upsertStickyComment(gh, repo, 7, `${REPORT_MARKER}\nfirst`)).toMatchObject({ action: 'created' });
    const bot = fake.comments.find((c) => c.id !== 1)!;
    expect(await upsertStickyComment(gh, repo, 7, `${REPORT_MARKER}\nsecond`)).toMatchObject({
      id: bot.id,
      action: 'updated',
    });
    expect(fake.comments.find((c) => c.id === 1)!.body).toBe(`${REPORT_MARKER}\nquoted by a reviewer`);
    expect(bot.body).toBe(`${REPORT_MARKER}\nsecond`);
    expect(fake.calls('issues/update-comment').map((r) => r.path)).toEqual([
      `/repos/octo/lakeops-demo/issues/comments/${bot.id}`,
    ]);
    // Another identity (a GitHub App) is named explicitly, and then the Actions bot's comment is not its own.
    const app = await upsertStickyComment(gh, repo, 7, `${REPORT_MARKER}\nthird`, { authors: ['lakeops-app[bot]'] });
    expect(app.action).toBe('created');
    expect(bot.body).toBe(`${REPORT_MARKER}\nsecond`);
  });

  test('a sticky comment deleted between listing and updating is created again', async () => {
    fake.comments.push({ id: 5, body: `${REPORT_MARKER}\nold`, issue: 7 });
    fake.failNext.set('issues/update-comment', [404]);
    const gh = createGitHubClient('test-token', fake.url);
    const res = await upsertStickyComment(gh, repo, 7, `${REPORT_MARKER}\nnew`);
    expect(res.action).toBe('recreated');
    expect(fake.calls('issues/create-comment')).toHaveLength(1);
  });

  test('server errors are retried with back-off; the write lands once', async () => {
    fake.failNext.set('issues/create-comment', [502, 503]);
    const gh = createGitHubClient('test-token', fake.url, { retryBaseMs: 5 });
    const res = await upsertStickyComment(gh, repo, 7, `${REPORT_MARKER}\nnew`);
    expect(res.action).toBe('created');
    expect(fake.calls('issues/create-comment').map((r) => r.status)).toEqual([502, 503, 201]);
    expect(fake.comments).toHaveLength(1);
  });

  test('a body over 65,536 characters is refused before any request', async () => {
    const gh = createGitHubClient('test-token', fake.url);
    await expect(upsertStickyComment(gh, repo, 7, 'x'.repeat(70000))).rejects.toThrow(/at most 65536/);
    expect(fake.requests).toHaveLength(0);
  });

  test('the PR files list is read to its last page (100 per page)', async () => {
    fake.prFiles.set(
      9,
      Array.from({ length: 230 }, (_, i) => ({
        filename: `f${i}.sql`,
        status: i === 5 ? 'renamed' : 'modified',
        ...(i === 5 ? { previous_filename: 'old.sql' } : {}),
      })),
    );
    const files = await listPullRequestFiles(createGitHubClient('test-token', fake.url), repo, 9);
    expect(files).toHaveLength(230);
    expect(files[5]).toEqual({ path: 'f5.sql', status: 'renamed', previousPath: 'old.sql' });
    expect(fake.calls('pulls/list-files').map((r) => r.query.per_page)).toEqual(['100', '100', '100']);
  });

  test('check run text is cut to 65,535 characters and titles to 255', async () => {
    const gh = createGitHubClient('test-token', fake.url);
    const res = await publishCheckRun(gh, repo, {
      headSha: 'a'.repeat(40),
      conclusion: 'success',
      title: 't'.repeat(400),
      summary: 's'.repeat(70000),
      annotations: [],
    });
    expect(res.requests).toBe(1);
    const out = fake.checkRuns[0]!.body.output;
    expect(out.title.length).toBe(255);
    expect(out.summary.length).toBe(65535);
    expect(fake.invalid).toEqual([]);
  });

  test('a check run sends at most the cap of annotations, failures first, and says how many it left out', async () => {
    const gh = createGitHubClient('test-token', fake.url);
    const ann = (i: number, level: 'failure' | 'warning') => ({
      path: 'a.yaml',
      start_line: i + 1,
      end_line: i + 1,
      annotation_level: level,
      message: `${level} ${i}`,
    });
    const annotations = [
      ...Array.from({ length: 80 }, (_, i) => ann(i, 'warning')),
      ...Array.from({ length: 40 }, (_, i) => ann(i, 'failure')),
    ];
    const res = await publishCheckRun(gh, repo, {
      headSha: 'a'.repeat(40),
      conclusion: 'failure',
      title: 't',
      summary: 's',
      annotations,
      maxAnnotations: 100,
    });
    expect(res).toMatchObject({ requests: 2, annotations: 100, omitted: 20 });
    const sent = fake.checkRuns[0]!.annotations;
    expect(sent.slice(0, 40).every((a) => a.annotation_level === 'failure')).toBe(true);
    expect(sent[40].message).toBe('warning 0');
    expect(fake.checkRuns[0]!.body.output.summary).toContain('20 more annotation(s) not sent');
  });

  test('the validation issue is found again when GitHub dropped its label; other environments have their own', async () => {
    await fake.stop();
    fake = new FakeGitHub({ dropLabels: true });
    await fake.start();
    const gh = createGitHubClient('test-token', fake.url);
    fake.issues.push({
      number: 1,
      title: 'a PR',
      body: '<!-- lakeops-validation env=prod -->',
      state: 'open',
      labels: [],
      pull_request: true,
    });
    const input = { env: 'prod', failing: true, title: 'failing', body: 'rows' };
    expect((await syncValidationIssue(gh, repo, input)).action).toBe('created');
    expect((await syncValidationIssue(gh, repo, input)).action).toBe('updated');
    expect((await syncValidationIssue(gh, repo, { ...input, env: 'dev' })).action).toBe('created');
    expect((await syncValidationIssue(gh, repo, { ...input, failing: false })).action).toBe('closed');
    expect((await syncValidationIssue(gh, repo, { ...input, failing: false })).action).toBe('none');
    expect(fake.issues.filter((i) => !i.pull_request).map((i) => [i.title, i.state])).toEqual([
      ['failing', 'closed'],
      ['failing', 'open'],
    ]);
    expect(fake.invalid).toEqual([]);
  });

  test('the recorded API rejects a request body GitHub would reject', async () => {
    const gh = createGitHubClient('test-token', fake.url);
    // annotation_level must be notice, warning or failure.
    await expect(
      gh.rest.checks.create({
        ...repo,
        name: 'x',
        head_sha: 'a',
        output: {
          title: 't',
          summary: 's',
          annotations: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'error' as never, message: 'm' }],
        },
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(fake.invalid[0]!.errors.join('\n')).toMatch(/annotation_level/);
  });
});

test('the OpenAPI subset covers exactly the REST calls src/github makes (scripts/openapi-subset.ts OPERATIONS)', () => {
  const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'src/github');
  const called = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')))
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/\brest\.(\w+)\.(\w+)/g))
      called.add(`${m[1]}/${m[2]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  expect(called.size).toBeGreaterThan(0);
  expect([...OPERATIONS].sort()).toEqual([...called].sort());
});
