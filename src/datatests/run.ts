// Runs compiled data tests through Target.query (DuckDB locally, Athena on AWS) and reports them
// as ValidationResults, so `check`, the terminal, JSON and the PR report show them with the
// validations. A query error (a missing table or column) is that test's error, with the
// pipeline.yaml line that declares it.
import type { Project } from '../model/project.js';
import type { ValidationResult } from '../report/model.js';
import type { Target } from '../targets/target.js';
import { validationOutcome } from '../runner/validation-outcome.js';
import { compileDataTests } from './compile.js';

export async function runDataTests(
  target: Target,
  project: Project,
  pipelines: string[],
  maxRows: number,
): Promise<ValidationResult[]> {
  const out: ValidationResult[] = [];
  for (const p of project.pipelines.filter((x) => pipelines.includes(x.name))) {
    const file = `${p.dir}/pipeline.yaml`;
    for (const t of compileDataTests(p, target.env)) {
      const base: ValidationResult = {
        pipeline: p.name,
        name: t.name,
        severity: t.severity,
        status: 'error',
        file: `${file}:${t.line}`,
        line: t.line,
        violationCount: 0,
        columns: [],
        rows: [],
        truncated: false,
      };
      const started = Date.now();
      if (t.error) {
        out.push({ ...base, error: t.error });
        continue;
      }
      try {
        const r = await target.query(t.sql, { maxRows });
        out.push(validationOutcome(base, r, maxRows, started));
      } catch (e) {
        out.push({ ...base, error: (e as Error).message, durationMs: Date.now() - started });
      }
    }
  }
  return out;
}
