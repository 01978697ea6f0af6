// What a backfill has done, kept under .lakeops/<env>/backfills/ and rewritten after every slot, so
// an interrupted backfill (Ctrl-C, a closed laptop) resumes where it stopped: run again with the
// same arguments and the slots that succeeded are not run again.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunStatus } from '../report/model.js';

export interface SlotResult {
  slot: string;
  status: RunStatus;
  executionName: string;
  durationMs?: number;
  /** Rows written, summed over the run's steps. */
  rows?: number;
  /** Attempts made for this slot so far (a failed slot is tried again on resume). */
  attempts: number;
  error?: string;
}

/** What a backfill covers: the state file and the command's report both start with it. */
export interface BackfillRange {
  formatVersion: 1;
  pipeline: string;
  env: string;
  from: string;
  to: string;
  step: string;
}

export interface BackfillState extends BackfillRange {
  inputKey: string;
  slots: Record<string, SlotResult>;
}

export function stateFile(root: string, env: string, s: Pick<BackfillState, 'pipeline' | 'from' | 'to' | 'step'>) {
  const name = `${s.pipeline}_${s.from}_${s.to}_${s.step}`.replace(/[^A-Za-z0-9_.-]/g, '');
  return join(root, '.lakeops', env, 'backfills', `${name}.json`);
}

export function readState(file: string): BackfillState | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as BackfillState;
}

/** Atomic (write then rename): an interruption never leaves half a file. */
export function writeState(file: string, state: BackfillState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}
