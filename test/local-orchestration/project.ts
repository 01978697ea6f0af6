// A small lakeops project in a temporary folder, with a LocalTarget over the fake engine.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { resolveEnvironment, type Environment } from '../../src/model/environment.js';
import { loadProjectOrThrow, type Project } from '../../src/model/project.js';
import type { ProgressSink, StepResult } from '../../src/report/model.js';
import { LocalTarget } from '../../src/targets/local/index.js';
import { FakeEngine } from './fake-engine.js';

export function writeFiles(root: string, files: Record<string, string | object>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(
      abs,
      typeof content === 'string'
        ? content
        : rel.endsWith('.json')
          ? JSON.stringify(content, null, 2)
          : stringify(content),
    );
  }
}

export interface TestProject {
  root: string;
  project: Project;
  env: Environment;
  engine: FakeEngine;
  target: LocalTarget;
  /** Reloads the project after files changed. */
  reload(): TestProject;
}

export function makeProject(
  pipelines: Record<string, object>,
  extraFiles: Record<string, string | object> = {},
): TestProject {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-orch-'));
  writeFiles(root, {
    'lakeops.yaml': { project: 'orch', environments: { local: { target: 'local', buckets: { data: 'orch-data' } } } },
    ...Object.fromEntries(
      Object.entries(pipelines).map(([name, p]) => [`pipelines/${name}/pipeline.yaml`, { name, ...p }]),
    ),
    ...extraFiles,
  });
  const engine = new FakeEngine();
  const load = (): TestProject => {
    const project = loadProjectOrThrow(root);
    const env = resolveEnvironment(project, 'local');
    const t: TestProject = { root, project, env, engine, target: new LocalTarget(project, env, engine), reload: load };
    return t;
  };
  return load();
}

/** A ProgressSink that remembers what it was told. */
export function recordingProgress(): ProgressSink & { started: StepResult[]; ended: StepResult[]; messages: string[] } {
  const started: StepResult[] = [];
  const ended: StepResult[] = [];
  const messages: string[] = [];
  return {
    started,
    ended,
    messages,
    stepStarted: (s) => started.push(s),
    stepEnded: (s) => ended.push(s),
    info: (m) => messages.push(m),
  };
}
