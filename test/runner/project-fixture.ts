// Writes a small lakeops project to a temporary folder and loads it, for runner and reporter tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { resolveEnvironment, type Environment } from '../../src/model/environment.js';
import { loadProjectOrThrow, type Project } from '../../src/model/project.js';
import type { QueryResult } from '../../src/report/model.js';
import type { QueryOptions, Target } from '../../src/targets/target.js';

export function writeProject(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, typeof content === 'string' ? content : stringify(content));
  }
  return root;
}

export const LAKEOPS_YAML = {
  project: 'demo',
  environments: {
    local: { target: 'local' },
    prod: {
      target: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      namePrefix: 'prod-',
      buckets: { data: 'demo-prod-data', artifacts: 'demo-prod-artifacts' },
      athena: { workgroup: 'lakeops', resultLocation: 's3://demo-prod-artifacts/athena/' },
    },
  },
};

export function loadFixture(files: Record<string, string | object>): Project {
  return loadProjectOrThrow(writeProject({ 'lakeops.yaml': LAKEOPS_YAML, ...files }));
}

export interface RecordedQuery {
  sql: string;
  opts?: QueryOptions;
}

/** A Target whose query() answers from a function and records every call; other methods throw. */
export function queryTarget(
  env: Environment,
  answer: (sql: string, opts?: QueryOptions) => QueryResult | Promise<QueryResult>,
): Target & { calls: RecordedQuery[] } {
  const calls: RecordedQuery[] = [];
  const no = () => {
    throw new Error('not used in this test');
  };
  return {
    env,
    calls,
    plan: no,
    deploy: no,
    run: no,
    async query(sql, opts) {
      calls.push({ sql, opts });
      return answer(sql, opts);
    },
    async close() {},
  };
}

export { resolveEnvironment };
