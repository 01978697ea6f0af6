// The environment GitHub's runner gives an action: INPUT_* variables, the event payload file,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the repository and the API URL. Used both to call
// an action's run() in-process and to start its bundled dist/index.js under node.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';

export interface ActionEnvOptions {
  apiUrl: string;
  workspace: string;
  inputs: Record<string, string>;
  eventName?: string;
  event?: unknown;
  sha?: string;
  runId?: string;
}

export interface ActionEnv {
  env: Record<string, string>;
  dir: string;
  outputs(): Record<string, string>;
  summary(): string;
  cleanup(): void;
}

export const HEAD_SHA = 'a'.repeat(40);
export const BASE_SHA = 'b'.repeat(40);

/** A pull_request "synchronize" event payload with the fields lakeops reads. */
export function pullRequestEvent(number: number, opts: { fork?: boolean } = {}): unknown {
  const headRepo = opts.fork ? 'someone/lakeops-demo' : 'octo/lakeops-demo';
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: headRepo } },
      base: { sha: BASE_SHA, ref: 'main', repo: { full_name: 'octo/lakeops-demo' } },
    },
    repository: { full_name: 'octo/lakeops-demo', name: 'lakeops-demo', owner: { login: 'octo' } },
  };
}

export function inputVar(name: string): string {
  // The runner's convention (@actions/core getInput): spaces become "_", upper case.
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function actionEnv(o: ActionEnvOptions): ActionEnv {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-action-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(o.event ?? {}));
  const outputPath = join(dir, 'output.txt');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo/lakeops-demo',
    GITHUB_EVENT_NAME: o.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: o.sha ?? 'c'.repeat(40),
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_RUN_ID: o.runId ?? '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: o.apiUrl,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
  };
  for (const [k, v] of Object.entries(o.inputs)) env[inputVar(k)] = v;
  return {
    env,
    dir,
    outputs: () => parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: () => (existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : ''),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Parses the GITHUB_OUTPUT file format (name<<delimiter ... delimiter). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const [, name, delim] = m;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== delim) value.push(lines[i]!);
    out[name!] = value.join('\n');
  }
  return out;
}

/** Runs `fn` with these variables set in process.env (and no other INPUT_*), then restores it. */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env))
    if (k.startsWith('INPUT_') || k.startsWith('GITHUB_')) delete process.env[k];
  Object.assign(process.env, vars);
  const savedExit = process.exitCode;
  process.exitCode = undefined;
  // @actions/core's summary caches the GITHUB_STEP_SUMMARY path of the first write in the process;
  // a runner starts each action in a new process, so forget it between in-process runs.
  (core.summary as unknown as { _filePath?: string })._filePath = undefined;
  core.summary.emptyBuffer();
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    process.exitCode = savedExit;
  }
}

/** A copy of a fixture project in a temporary workspace (actions may write into it). */
export function workspaceWith(fixture: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-ws-'));
  cpSync(fixture, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
