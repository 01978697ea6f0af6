// Reports passed between jobs as JSON files (a workflow artifact): the plan job writes its part,
// the report job merges it into the pull request report.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../model/diagnostics.js';
import type { Report } from '../report/model.js';

const ARRAY_FIELDS = ['diagnostics', 'plans', 'runs', 'validations', 'skipped'] as const;

export function parseReport(text: string, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not a lakeops report (invalid JSON: ${(e as Error).message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || typeof (data as Report).title !== 'string')
    throw new ConfigError(`${file}: not a lakeops report (expected an object with a "title")`);
  for (const f of ARRAY_FIELDS) {
    const v = (data as Record<string, unknown>)[f];
    if (v !== undefined && !Array.isArray(v))
      throw new ConfigError(`${file}: not a lakeops report ("${f}" must be a list)`);
  }
  return data as Report;
}

export interface ReadReports {
  reports: Report[];
  /** Files that were named but do not exist (a job that did not run). */
  missing: string[];
}

export function readReportFiles(paths: readonly string[], baseDir: string): ReadReports {
  const out: ReadReports = { reports: [], missing: [] };
  for (const p of paths) {
    const abs = resolve(baseDir, p);
    if (!existsSync(abs)) {
      out.missing.push(p);
      continue;
    }
    out.reports.push(parseReport(readFileSync(abs, 'utf8'), p));
  }
  return out;
}

export function writeJsonFile(path: string, baseDir: string, data: unknown): string {
  const abs = resolve(baseDir, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, JSON.stringify(data, null, 2) + '\n');
  return abs;
}

export function writeReportFile(path: string, baseDir: string, report: Report): string {
  return writeJsonFile(path, baseDir, report);
}
