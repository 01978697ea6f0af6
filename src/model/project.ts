// Loading a lakeops project: lakeops.yaml plus pipelines/<name>/pipeline.yaml, parsed with
// positions and checked against the JSON Schema. Deeper checks (references, ASL, SQL) live in
// src/validate/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ConfigError, hasErrors, type Diagnostic } from './diagnostics.js';
import { checkPipelinePaths } from './path-containment.js';
import { SourceFile, type JsonPath } from './source-file.js';
import { checkSchema } from './schema-check.js';
import { readProjectFile } from './safe-read.js';
import {
  PipelineSchema,
  ProjectSchema,
  type JobConfig,
  type JobOutput,
  type PipelineConfig,
  type ProjectConfig,
  type TableConfig,
} from './schema.js';

export const PROJECT_FILE = 'lakeops.yaml';
export const PIPELINES_DIR = 'pipelines';
export const PIPELINE_FILE = 'pipeline.yaml';

export type JobKind = 'sql' | 'script';

export interface Job {
  name: string;
  pipeline: string;
  kind: JobKind;
  config: JobConfig;
  /** SQL jobs: one entry per output; the single `sql` + `output` form is normalised to one. */
  outputs: (JobOutput & { sql: string })[];
  /** Where the job is declared in its pipeline.yaml. */
  path: JsonPath;
}

/** A table declared under `tables:` of a pipeline.yaml (created by deploy, not by a crawler or job). */
export interface DeclaredTable {
  /** The Glue table name (the key; table names need no environment prefix: the database has one). */
  name: string;
  pipeline: string;
  /** Logical database, as written. */
  database: string;
  config: TableConfig;
  /** Where the table is declared in its pipeline.yaml. */
  path: JsonPath;
}

export interface Pipeline {
  name: string;
  /** Folder relative to the project root. */
  dir: string;
  source: SourceFile;
  config: PipelineConfig;
  jobs: Job[];
  /** Tables declared under `tables:`. */
  tables: DeclaredTable[];
  /** The state machine's logical name (default: the pipeline name), when it has one. */
  stateMachineName?: string;
  /** The Glue workflow's logical name (default: the pipeline name), when it has one. */
  workflowName?: string;
  /** ASL definition file relative to the project root, when the pipeline has a state machine. */
  definitionFile?: string;
}

export interface Project {
  /** Absolute path of the folder holding lakeops.yaml. */
  root: string;
  source: SourceFile;
  config: ProjectConfig;
  pipelines: Pipeline[];
}

export interface LoadResult {
  project?: Project;
  diagnostics: Diagnostic[];
}

/** True for an existing regular file (a folder named like one cannot be read as YAML). */
function isFile(abs: string): boolean {
  return statSync(abs, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/** Finds the project root: the nearest folder at or above `start` with a lakeops.yaml. */
export function findProjectRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, PROJECT_FILE))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir)
      throw new ConfigError(
        `no ${PROJECT_FILE} found in ${start} or any folder above it; run lakeops from a lakeops project (or pass --dir)`,
      );
    dir = parent;
  }
}

export function normaliseJob(pipeline: string, name: string, config: JobConfig): Job {
  const kind: JobKind = config.script ? 'script' : 'sql';
  const outputs: Job['outputs'] = [];
  if (kind === 'sql') {
    if (config.sql && config.output) outputs.push({ ...config.output, sql: config.output.sql ?? config.sql });
    for (const o of config.outputs ?? []) if (o.sql ?? config.sql) outputs.push({ ...o, sql: (o.sql ?? config.sql)! });
  }
  return { name, pipeline, kind, config, outputs, path: ['jobs', name] };
}

export function declaredTables(config: PipelineConfig): DeclaredTable[] {
  return Object.entries(config.tables ?? {}).map(([name, t]) => ({
    name,
    pipeline: config.name,
    database: t.database,
    config: t,
    path: ['tables', name],
  }));
}

function loadPipeline(root: string, dirName: string, diagnostics: Diagnostic[]): Pipeline | undefined {
  const rel = `${PIPELINES_DIR}/${dirName}/${PIPELINE_FILE}`;
  const abs = join(root, rel);
  if (!isFile(abs)) {
    diagnostics.push({
      file: `${PIPELINES_DIR}/${dirName}`,
      line: 1,
      column: 1,
      severity: 'error',
      message: `pipeline folder has no ${PIPELINE_FILE} file; add one or remove the folder`,
      rule: 'missing-file',
    });
    return undefined;
  }
  const read = readProjectFile(root, rel);
  if (!read || read.diagnostic) {
    if (read?.diagnostic) diagnostics.push(read.diagnostic);
    return undefined;
  }
  const source = new SourceFile(rel, read.text);
  diagnostics.push(...source.parseDiagnostics);
  if (!source.ok) return undefined;
  const { data, diagnostic } = source.toJSOrDiagnostic();
  if (diagnostic) {
    diagnostics.push(diagnostic);
    return undefined;
  }
  const schemaDiags = checkSchema(source, data, PipelineSchema);
  diagnostics.push(...schemaDiags);
  if (hasErrors(schemaDiags)) return undefined;
  const config = data as PipelineConfig;
  if (config.name !== dirName) {
    diagnostics.push(
      source.diagnostic(
        ['name'],
        `pipeline name "${config.name}" must equal its folder name "${dirName}"`,
        'name-folder',
      ),
    );
  }
  // Paths the pipeline names must stay inside the repository (symlinks followed).
  diagnostics.push(...checkPipelinePaths(root, source, config));
  const jobs = Object.entries(config.jobs ?? {}).map(([n, j]) => normaliseJob(config.name, n, j));
  const tables = declaredTables(config);
  const pipeline: Pipeline = { name: config.name, dir: `${PIPELINES_DIR}/${dirName}`, source, config, jobs, tables };
  if (config.stateMachine) {
    pipeline.stateMachineName = config.stateMachine.name ?? config.name;
    pipeline.definitionFile = config.stateMachine.definition ?? `${pipeline.dir}/state-machine.asl.json`;
  }
  if (config.workflow) pipeline.workflowName = config.workflow.name ?? config.name;
  return pipeline;
}

/** Loads and schema-checks the project. Never throws for bad input: problems come back as diagnostics. */
export function loadProject(rootDir: string): LoadResult {
  const root = resolve(rootDir);
  const diagnostics: Diagnostic[] = [];
  const projectPath = join(root, PROJECT_FILE);
  if (!isFile(projectPath)) {
    diagnostics.push({
      file: PROJECT_FILE,
      line: 1,
      column: 1,
      severity: 'error',
      message: `${PROJECT_FILE} not found (as a file) in ${root}`,
      rule: 'missing-file',
    });
    return { diagnostics };
  }
  const read = readProjectFile(root, PROJECT_FILE);
  if (read?.diagnostic) return { diagnostics: [read.diagnostic] };
  const source = new SourceFile(PROJECT_FILE, read!.text);
  diagnostics.push(...source.parseDiagnostics);
  if (!source.ok) return { diagnostics };
  const { data, diagnostic } = source.toJSOrDiagnostic();
  if (diagnostic) return { diagnostics: [...diagnostics, diagnostic] };
  const schemaDiags = checkSchema(source, data, ProjectSchema);
  diagnostics.push(...schemaDiags);
  if (hasErrors(schemaDiags)) return { diagnostics };
  const config = data as ProjectConfig;

  const pipelinesDir = join(root, PIPELINES_DIR);
  const pipelines: Pipeline[] = [];
  if (existsSync(pipelinesDir)) {
    for (const entry of readdirSync(pipelinesDir).sort()) {
      if (entry.startsWith('.') || !statSync(join(pipelinesDir, entry)).isDirectory()) continue;
      const p = loadPipeline(root, entry, diagnostics);
      if (p) pipelines.push(p);
    }
  }
  return { project: { root, source, config, pipelines }, diagnostics };
}

/** Loads the project or throws a ConfigError carrying every diagnostic. */
export function loadProjectOrThrow(rootDir: string): Project {
  const { project, diagnostics } = loadProject(rootDir);
  if (!project || hasErrors(diagnostics))
    throw new ConfigError(`the project at ${rootDir} has configuration errors`, diagnostics);
  return project;
}

export function getPipeline(project: Project, name: string): Pipeline {
  const p = project.pipelines.find((x) => x.name === name);
  if (!p)
    throw new ConfigError(
      `unknown pipeline "${name}"; known pipelines: ${project.pipelines.map((x) => x.name).join(', ') || '(none)'}`,
    );
  return p;
}
