// The import's vocabulary: what was found in the account, what each kind's converter made of it
// (a piece of pipeline.yaml plus files), and what was skipped and why.
import type { ManagedKind } from '../planner/types.js';

/** The kinds `lakeops import` reads (schedule groups follow from the schedules; artifacts from scripts and SQL). */
export type ImportKind = Extract<
  ManagedKind,
  'database' | 'job' | 'crawler' | 'workflow' | 'trigger' | 'stateMachine' | 'eventBus' | 'rule' | 'schedule' | 'view'
>;

export const IMPORT_KINDS: readonly ImportKind[] = [
  'database',
  'job',
  'crawler',
  'workflow',
  'trigger',
  'stateMachine',
  'eventBus',
  'rule',
  'schedule',
  'view',
];

/** A file the import writes, relative to the project root. */
export interface ImportFile {
  path: string;
  content: string | Uint8Array;
}

/** One resource taken into a pipeline. */
export interface ImportedResource {
  kind: ImportKind;
  /** Physical name in the account ("<group>/<name>" for schedules). */
  physical: string;
  logical: string;
  pipeline: string;
}

export interface SkippedResource {
  kind: ImportKind | 'scheduleGroup';
  physical: string;
  reason: string;
}

export interface ImportNote {
  pipeline?: string;
  kind?: ImportKind;
  physical?: string;
  level: 'warning' | 'info';
  message: string;
}

export interface ImportResult {
  formatVersion: 1;
  env: string;
  account: string;
  region: string;
  /** Written (or, with --dry-run, that would be written), pipeline by pipeline. */
  pipelines: { name: string; dir: string; files: string[]; resources: ImportedResource[] }[];
  skipped: SkippedResource[];
  notes: ImportNote[];
  dryRun: boolean;
  /** The substitution names secret-looking arguments became; give them values in lakeops.yaml. */
  secretReferences: string[];
}
