// Mermaid charts of pipelines: states and transitions from ASL (Choice, Catch, Parallel, Map),
// Glue workflow triggers, event sources, and node classes from a run's step statuses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { aslMermaid, label, pipelineMermaid, workflowMermaid } from '../../src/report/mermaid.js';
import type { RunResult } from '../../src/report/model.js';
import { failedOrdersRun } from './support/reports.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(ROOT, 'test/fixtures/github/project');

/** Node id of the node whose label starts with `name`. */
function idOf(chart: string, name: string): string {
  const m = new RegExp(`^\\s+(?:subgraph )?(n\\d+)[\\[({>]+"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm').exec(
    chart,
  );
  if (!m) throw new Error(`no node "${name}" in\n${chart}`);
  return m[1]!;
}

function classOf(chart: string, id: string): string | undefined {
  for (const m of chart.matchAll(/^\s+class ([\w,]+) (\w+)$/gm)) if (m[1]!.split(',').includes(id)) return m[2];
  return undefined;
}

const machine = {
  StartAt: 'Pick',
  States: {
    Pick: {
      Type: 'Choice',
      Choices: [{ Variable: '$.full', BooleanEquals: true, Next: 'Fan Out' }],
      Default: 'Wait "a bit"',
    },
    'Wait "a bit"': { Type: 'Wait', Seconds: 5, Next: 'Fan Out' },
    'Fan Out': {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Left',
          States: { Left: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true } },
        },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }],
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
      End: true,
    },
    Broken: { Type: 'Fail', Error: 'X' },
  },
};

describe('ASL charts', () => {
  test('states, transitions, catches, branches and terminals', () => {
    const chart = aslMermaid(machine, undefined);
    expect(chart.startsWith('flowchart TD\n')).toBe(true);
    const [pick, wait, fan, each, broken, left, right, item] = [
      'Pick',
      'Wait #quot;a bit#quot;',
      'Fan Out (Parallel)',
      'Each (Map)',
      'Broken',
      'Left',
      'Right',
      'Item',
    ].map((n) => idOf(chart, n));
    expect(chart).toContain(`${pick}{"Pick"}`); // a Choice is a diamond
    expect(chart).toContain(`${pick} -->|"$.full"| ${fan}`);
    expect(chart).toContain(`${pick} -->|"default"| ${wait}`);
    expect(chart).toContain(`${fan} -.->|"catch States.ALL"| ${broken}`);
    expect(chart).toContain(`subgraph ${fan}["Fan Out (Parallel)"]`);
    expect(chart).toContain(`subgraph ${each}["Each (Map)"]`);
    expect(chart).toContain(`${left}["Left<br/>glue:startJobRun.sync"]`);
    expect(right).toBeDefined();
    expect(item).toBeDefined();
    expect(chart).toMatch(new RegExp(`${broken} --> n\\d+`)); // Fail leads to the failed terminal
    expect(chart).not.toContain('classDef'); // no run, no colours
  });

  test('a run colours each state by its last status; states it never reached are skipped', () => {
    const run: RunResult = {
      ...failedOrdersRun(),
      steps: [
        { name: 'Pick', type: 'Choice', status: 'succeeded' },
        { name: 'Wait "a bit"', type: 'Wait', status: 'succeeded' },
        { name: 'Left', type: 'Task', status: 'running' },
        { name: 'Left', type: 'Task', status: 'failed' },
        { name: 'Fan Out', type: 'Parallel', status: 'caught' },
        { name: 'Broken', type: 'Fail', status: 'failed' },
      ],
    };
    const chart = aslMermaid(machine, undefined, { run });
    expect(classOf(chart, idOf(chart, 'Pick'))).toBe('succeeded');
    expect(classOf(chart, idOf(chart, 'Left'))).toBe('failed');
    expect(classOf(chart, idOf(chart, 'Broken'))).toBe('failed');
    expect(classOf(chart, idOf(chart, 'Right'))).toBe('skipped');
    expect(classOf(chart, idOf(chart, 'Item'))).toBe('skipped');
    expect(chart).toMatch(/classDef failed fill:/);
    expect(chart).toMatch(/classDef skipped fill:/);
  });

  test('labels cannot break out of their quotes', () => {
    expect(label('a "b" <c>\nd')).toBe('"a #quot;b#quot; #lt;c#gt;<br/>d"');
  });

  test('a broken Next (and Default, and Catch) is drawn to a marked missing-state node, not dropped', () => {
    const chart = aslMermaid(
      {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:states:::glue:startJobRun.sync',
            Next: 'Typo',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }],
          },
          B: { Type: 'Choice', Choices: [{ Variable: '$.x', BooleanEquals: true, Next: 'A' }], Default: 'Typo' },
        },
      },
      undefined,
    );
    const a = idOf(chart, 'A');
    const typo = idOf(chart, '⚠ missing state<br/>Typo');
    const gone = idOf(chart, '⚠ missing state<br/>Gone');
    expect(chart).toContain(`${a} --> ${typo}`);
    expect(chart).toMatch(new RegExp(`${a} -\\.->\\|"catch States\\.ALL"\\| ${gone}`));
    expect(chart).toContain(`${idOf(chart, 'B')} -->|"default"| ${typo}`);
    // One node per missing name, in the broken class.
    expect(chart.match(/missing state<br\/>Typo/g)).toHaveLength(1);
    expect(classOf(chart, typo)).toBe('broken');
    expect(classOf(chart, gone)).toBe('broken');
    expect(chart).toMatch(/classDef broken fill:/);
  });

  test('a definition without States is a clear error', () => {
    expect(() => aslMermaid({ StartAt: 'x' }, undefined)).toThrow(/no "States" object/);
  });
});

describe('pipeline charts', () => {
  const project = loadProjectOrThrow(ROOT);

  test('a Glue workflow: triggers, the jobs and crawlers they start, conditions, event rules', () => {
    const byod = project.pipelines.find((p) => p.name === 'byod-curation')!;
    const chart = workflowMermaid(byod);
    const trig = byod.config.workflow!.triggers as Record<
      string,
      { type: string; conditions?: unknown[]; actions: { job?: string; crawler?: string }[] }
    >;
    const conditional = Object.entries(trig).find(
      ([, t]) => t.type === 'CONDITIONAL' && (t.conditions?.length ?? 0) > 1,
    )!;
    expect(chart).toContain(`{{"${conditional[0]}<br/>ALL of 2"}}`);
    for (const t of Object.values(trig)) for (const a of t.actions) expect(chart).toContain(`"${a.job ?? a.crawler}"`);
    expect(chart).toMatch(/-->\|"succeeded"\|/);

    const clicks = project.pipelines.find((p) => p.name === 'clickstream-total-clicks')!;
    const c2 = pipelineMermaid(project, clicks);
    expect(c2).toMatch(/>"rule [^"]+<br\/>event pattern"\]/);
    expect(c2).toMatch(/event, batch 2 \/ 900s/);
  });

  test('a state machine pipeline draws its schedule', () => {
    const hits = project.pipelines.find((p) => p.name === 'hourly-hits')!;
    expect(pipelineMermaid(project, hits)).toMatch(/>"schedule [^"]+<br\/>cron\(0 \* \* \* \? \*\)"\]/);
  });
});

describe('lakeops graph', () => {
  const cli = (args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'bin/lakeops.js'), ...args], { cwd: FIXTURE, encoding: 'utf8' });

  test('prints the chart, as Markdown, and coloured by a run file', () => {
    expect(cli(['graph', 'orders'])).toMatch(/^flowchart TD\n/);
    expect(cli(['graph', 'orders', '--format', 'markdown', '--direction', 'LR'])).toMatch(
      /^```mermaid\nflowchart LR\n[\s\S]*```\n$/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'lakeops-graph-'));
    try {
      writeFileSync(join(dir, 'run.json'), JSON.stringify({ title: 'r', runs: [failedOrdersRun()] }));
      const chart = cli(['graph', 'orders', '--run', join(dir, 'run.json')]);
      expect(classOf(chart, idOf(chart, 'Aggregation Failed'))).toBe('failed');
      expect(classOf(chart, idOf(chart, 'Done'))).toBe('skipped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown pipeline or a run of another pipeline is a usage error', () => {
    const fail = (args: string[]) => {
      try {
        cli(args);
        return { status: 0, stderr: '' };
      } catch (e) {
        const err = e as { status: number; stderr: string };
        return { status: err.status, stderr: err.stderr };
      }
    };
    const unknown = fail(['graph', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown pipeline "nope"');
    const dir = mkdtempSync(join(tmpdir(), 'lakeops-graph-'));
    try {
      writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...failedOrdersRun(), pipeline: 'other' }));
      const other = fail(['graph', 'orders', '--run', join(dir, 'run.json')]);
      expect(other.status).toBe(2);
      expect(other.stderr).toContain('not of "orders"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
