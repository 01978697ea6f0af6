// The local target: everything `lakeops` does with no AWS account. The data engine (S3 as files,
// Glue catalog and Athena on DuckDB, crawlers, jobs) answers the AWS-shaped LocalServices calls;
// this class orchestrates on top of it: deploys (databases, views, the registry of jobs,
// crawlers and rules), runs state machines in the ASL interpreter and Glue workflows with their
// triggers, routes S3 and custom-bus events through the pipelines' EventBridge rules, and leaves a
// JSON history of every run under .lakeops/<env>/runs/.
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../model/diagnostics.js';
import { parseS3Uri, substitute, substitutionsFor, type Environment } from '../../model/environment.js';
import { getPipeline, type Pipeline, type Project } from '../../model/project.js';
import { checkRunInput } from '../../model/run-input.js';
import type { DeployResult, PlanResult, ProgressSink, QueryResult, RunResult, StepResult } from '../../report/model.js';
import { silentProgress } from '../../report/model.js';
import type { generateSample as GenerateSample } from '../../sample/index.js';
import { landMissingSample } from './sample-landing.js';
import type { DeployOptions, PlanOptions, QueryOptions, RunOptions, Target } from '../target.js';
import { desiredResources, planChanges, readDeployed } from './deployment.js';
import {
  compileRules,
  customEvent,
  dispatchEvent,
  dispatchS3ObjectCreated,
  type CompiledRule,
  type DispatchResult,
  type EventBridgeEvent,
  type EventRouter,
  type S3ObjectInfo,
} from './events.js';
import { executionName, readHistory, stateDir, writeHistory } from './history.js';
import type { PutEventEntry } from './services.js';
import type { LocalEngineApi } from './engine-api.js';
import { deployLocal } from './local-deploy.js';
import { runExecution } from './stepfunctions/execution.js';
import type { MapStorage } from './stepfunctions/distributed-map.js';
import { ExecutionTree } from './stepfunctions/nested.js';
import { prepareMachine, resolveMocks, type MockChoice } from './stepfunctions/prepare.js';
import type { IntegrationContext, StartedExecution, WorkflowRunInfo } from './stepfunctions/integrations.js';
import { EventBatchStore, runWorkflow, type WorkflowStart } from './workflow.js';

/** The sample generators (and their random-data libraries), loaded only when a run lands a sample. */
async function sampleGenerator(): Promise<typeof GenerateSample> {
  return (await import('../../sample/index.js')).generateSample;
}

export type { LocalEngineApi } from './engine-api.js';

/** Event deliveries started by events nest; a rule that re-triggers itself stops here. */
const MAX_EVENT_DEPTH = 5;

export interface LandedSample {
  files: S3ObjectInfo[];
  dispatch: DispatchResult;
}

export class LocalTarget implements Target, EventRouter {
  /** Progress sink for runs that events start (set by the command that causes the events). */
  progress: ProgressSink = silentProgress;
  /** Rows per sample file set when a run lands sample data (`--rows N`; default: pipeline.yaml). */
  sampleRows?: number;
  private compiled?: CompiledRule[];
  private readonly batches: EventBatchStore;
  private readonly workflowRuns = new Map<string, WorkflowRunInfo>();
  private readonly pendingRuns = new Set<Promise<unknown>>();
  private eventDepth = 0;

  constructor(
    readonly project: Project,
    readonly env: Environment,
    readonly engine: LocalEngineApi,
  ) {
    this.batches = new EventBatchStore(join(this.stateDir, 'event-batches.json'));
  }

  get stateDir(): string {
    return stateDir(this.project.root, this.env.name);
  }

  // ------------------------------------------------------------ plan / deploy

  async plan(project: Project, opts: PlanOptions = {}): Promise<PlanResult> {
    const changes = planChanges(
      desiredResources(project, this.env),
      readDeployed(project.root, this.env.name, (m) => this.progress.info(m)),
      opts.pipelines,
    );
    return { env: this.env.name, target: 'local', changes };
  }

  /** See deployLocal: bad rule patterns write nothing; a failed view leaves the catalog as it was. */
  async deploy(project: Project, opts: DeployOptions, progress: ProgressSink): Promise<DeployResult> {
    const { result, rules } = await deployLocal(project, this.env, this.engine, opts, progress);
    if (rules) this.compiled = rules;
    return result;
  }

  /** Deploys when the local deployment is missing or out of date (a local run always runs what is in the files). */
  private async ensureDeployed(progress: ProgressSink): Promise<void> {
    const previous = this.progress;
    this.progress = progress;
    let plan: PlanResult;
    try {
      plan = await this.plan(this.project);
    } finally {
      this.progress = previous;
    }
    const pending = plan.changes.filter((c) => c.action === 'create' || c.action === 'update');
    if (pending.length === 0) return;
    progress.info(`local deployment is out of date (${pending.length} change(s)); deploying first`);
    const result = await this.deploy(this.project, {}, silentProgress);
    // A deploy that failed fails the run: running on a catalog other than the files say would hide it.
    if (result.failed.length)
      throw new Error(
        `the local deploy before the run failed; nothing ran:\n` +
          result.failed.map((f) => `  ${f.file ?? f.pipeline ?? ''}: ${f.kind} ${f.name}: ${f.error}`).join('\n'),
      );
  }

  // ------------------------------------------------------------ registry lookups

  private physicalSet(kind: 'job' | 'crawler'): Set<string> {
    const out = new Set<string>();
    for (const p of this.project.pipelines) {
      const names = kind === 'job' ? p.jobs.map((j) => j.name) : Object.keys(p.config.crawlers ?? {});
      for (const n of names) out.add(this.env.physicalName(kind, n));
    }
    return out;
  }

  private stateMachineArn(p: Pipeline): string {
    return `arn:aws:states:${this.env.region}:${this.env.account}:stateMachine:${this.env.physicalName('stateMachine', p.stateMachineName!)}`;
  }

  private knownBuses(): Set<string> {
    const out = new Set(['default']);
    for (const p of this.project.pipelines)
      for (const b of Object.keys(p.config.eventBuses ?? {})) out.add(this.env.physicalName('eventBus', b));
    return out;
  }

  rules(): CompiledRule[] {
    this.compiled ??= compileRules(this.project, this.env);
    return this.compiled;
  }

  // ------------------------------------------------------------ run

  async run(project: Project, pipelineName: string, opts: RunOptions, progress: ProgressSink): Promise<RunResult> {
    const pipeline = getPipeline(project, pipelineName);
    const input = opts.input ?? pipeline.config.local?.input ?? {};
    checkRunInput(pipeline, input);
    const mode =
      opts.orchestration ?? pipeline.config.local?.start ?? (pipeline.stateMachineName ? 'stateMachine' : 'workflow');
    if (mode === 'stateMachine' && !pipeline.stateMachineName)
      throw new ConfigError(`pipeline "${pipeline.name}" has no stateMachine to start`);
    if (mode === 'workflow' && !pipeline.workflowName)
      throw new ConfigError(`pipeline "${pipeline.name}" has no workflow to start`);
    if (mode === 'events' && !(pipeline.config.sample ?? []).length)
      throw new ConfigError(
        `pipeline "${pipeline.name}" starts from events locally (local.start: events) but declares no sample: to land`,
      );
    // Mock file, test case and whether every state can run: checked before anything is written.
    const mocks = resolveMocks(project, pipeline, opts);
    if (mode === 'stateMachine') prepareMachine(project, this.env, pipeline, mocks, true);

    const name = executionName(
      pipeline.name,
      opts.key,
      (n) => !!readHistory(project.root, this.env.name, pipeline.name, n),
    );
    const previous = opts.key !== undefined ? readHistory(project.root, this.env.name, pipeline.name, name) : undefined;
    if (previous) {
      // Like StartExecution with a name already used: the same input returns that execution.
      if (JSON.stringify(previous.input ?? {}) !== JSON.stringify(input))
        throw new ConfigError(
          `execution ${name} already ran with a different input (ExecutionAlreadyExists); use another --key`,
        );
      progress.info(`execution ${name} already ran (${previous.status}); not running it again`);
      return previous;
    }

    await this.ensureDeployed(progress);
    this.progress = progress;
    if (mode !== 'events')
      await landMissingSample(this.project, this.env, this.engine, pipeline, this.sampleRows, progress);
    const go = async (): Promise<RunResult> => {
      if (mode === 'stateMachine')
        return this.executeStateMachine(pipeline, { input, name, progress, timeoutMs: opts.timeoutMs, mocks });
      if (mode === 'workflow') {
        if (opts.timeoutMs)
          progress.info('--timeout is not applied to local workflow runs: their nodes run to completion');
        return this.executeWorkflow(pipeline, this.flushStart(pipeline, name), progress, name, input);
      }
      return this.runFromEvents(pipeline, name, input, progress);
    };
    if (!opts.noWait) return go();
    // Local runs happen inside this process: --no-wait returns at once, and close() waits for the run.
    const startedAt = new Date().toISOString();
    const p = go().catch((e) => progress.info(`${name} failed: ${(e as Error).message}`));
    this.pendingRuns.add(p);
    void p.finally(() => this.pendingRuns.delete(p));
    progress.info(
      `started ${name}; the local run continues in this process until it ends (history: ${this.historyPath(pipeline, name)})`,
    );
    return {
      pipeline: pipeline.name,
      env: this.env.name,
      target: 'local',
      orchestration:
        mode === 'workflow' || (mode === 'events' && !pipeline.stateMachineName) ? 'workflow' : 'stateMachine',
      executionName: name,
      status: 'RUNNING',
      startedAt,
      input,
      steps: [],
    };
  }

  historyPath(pipeline: Pipeline, name: string): string {
    return join(this.stateDir, 'runs', pipeline.name, `${name}.json`);
  }

  private finishRun(run: RunResult): RunResult {
    run.durationMs = run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.startedAt) : undefined;
    writeHistory(this.project.root, run);
    return run;
  }

  /** One state machine execution, run to its end; its history is written. */
  async executeStateMachine(
    pipeline: Pipeline,
    req: {
      input: unknown;
      name?: string;
      progress: ProgressSink;
      timeoutMs?: number;
      mocks?: MockChoice;
      /** Nesting: depth of this execution and the run tree it belongs to (nested executions). */
      depth?: number;
      tree?: ExecutionTree;
    },
  ): Promise<RunResult> {
    const mocks = req.mocks ?? { explicit: false };
    const prepared = prepareMachine(this.project, this.env, pipeline, mocks, !req.depth);
    const smName = this.env.physicalName('stateMachine', pipeline.stateMachineName!);
    const name =
      req.name ??
      executionName(pipeline.name, undefined, (n) => !!readHistory(this.project.root, this.env.name, pipeline.name, n));
    const arn = `arn:aws:states:${this.env.region}:${this.env.account}:execution:${smName}:${name}`;
    const events: NonNullable<RunResult['events']> = [];
    req.progress.info(`${pipeline.name}: execution ${name} of state machine ${smName}`);
    const outcome = await runExecution({
      ...prepared,
      stateMachineName: smName,
      stateMachineArn: this.stateMachineArn(pipeline),
      executionName: name,
      executionArn: arn,
      input: req.input,
      integrations: this.integrations(events, req.progress, {
        depth: req.depth ?? 0,
        tree: req.tree ?? new ExecutionTree(),
        mocks,
      }),
      progress: req.progress,
      timeoutMs: req.timeoutMs,
    });
    return this.finishRun({
      pipeline: pipeline.name,
      env: this.env.name,
      target: 'local',
      orchestration: 'stateMachine',
      executionName: name,
      executionId: arn,
      status: outcome.status,
      startedAt: outcome.startedAt,
      endedAt: outcome.endedAt,
      input: req.input,
      ...(outcome.status === 'SUCCEEDED' ? { output: outcome.output } : {}),
      steps: outcome.steps,
      ...(outcome.failure ? { failure: outcome.failure } : {}),
      events,
    });
  }

  /** One Glue workflow run, run to its end; its history is written. */
  async executeWorkflow(
    pipeline: Pipeline,
    start: WorkflowStart,
    progress: ProgressSink,
    name?: string,
    input?: unknown,
  ): Promise<RunResult> {
    const workflowName = this.env.physicalName('workflow', pipeline.workflowName!);
    const execName =
      name ??
      executionName(pipeline.name, undefined, (n) => !!readHistory(this.project.root, this.env.name, pipeline.name, n));
    progress.info(`${pipeline.name}: run ${execName} of Glue workflow ${workflowName}`);
    const outcome = await runWorkflow(
      pipeline,
      { services: this.engine, env: this.env, progress, jobLog: (id) => this.engine.jobRunLog?.(id) ?? [] },
      start,
    );
    const run = this.finishRun({
      pipeline: pipeline.name,
      env: this.env.name,
      target: 'local',
      orchestration: 'workflow',
      executionName: execName,
      executionId: outcome.runId,
      status: outcome.status,
      startedAt: outcome.startedAt,
      endedAt: outcome.endedAt,
      // The batch that started an EVENT-triggered run is in its trigger step's details.
      ...(input !== undefined ? { input } : {}),
      steps: outcome.steps,
      ...(outcome.failure ? { failure: outcome.failure } : {}),
      events: [],
    });
    this.workflowRuns.set(`${workflowName}/${outcome.runId}`, {
      name: workflowName,
      runId: outcome.runId,
      result: run,
    });
    return run;
  }

  /** `lakeops run` of a workflow closes the batch window of its EVENT triggers: pending events start this run. */
  private flushStart(pipeline: Pipeline, _name: string): WorkflowStart {
    const workflowName = this.env.physicalName('workflow', pipeline.workflowName!);
    const events: EventBridgeEvent[] = [];
    for (const [t, trigger] of Object.entries(pipeline.config.workflow?.triggers ?? {}))
      if (trigger.type === 'EVENT') events.push(...this.batches.take(`${workflowName}/${t}`));
    return { reason: 'on-demand', events, batchClosed: 'window closed by lakeops run' };
  }

  /**
   * local.start: events — lands the pipeline's sample as S3 PutObjects; the rules start what they
   * match; then pending EVENT-trigger batches of the pipeline's workflow are flushed. The result
   * gathers every run this caused (each also has its own history file).
   */
  private async runFromEvents(
    pipeline: Pipeline,
    name: string,
    input: unknown,
    progress: ProgressSink,
  ): Promise<RunResult> {
    const startedAt = new Date();
    const t0 = Date.now();
    const landing: StepResult = {
      name: 'Land sample',
      type: 'sample',
      status: 'running',
      startedAt: startedAt.toISOString(),
    };
    progress.stepStarted({ ...landing });
    const landed = await this.landSample(pipeline, { events: true, rows: this.sampleRows });
    const runs = [...landed.dispatch.runs];
    landing.status = 'succeeded';
    landing.endedAt = new Date().toISOString();
    // The runs the events started ran during the landing; their time is theirs, not the landing's.
    landing.durationMs = Math.max(0, Date.now() - t0 - runs.reduce((n, r) => n + (r.durationMs ?? 0), 0));
    landing.details = {
      files: landed.files.length,
      keys: landed.files.map((f) => `s3://${f.bucket}/${f.key}`),
      bytes: landed.files.reduce((n, f) => n + f.size, 0),
      matchedRules: [...new Set(landed.dispatch.matched.map((m) => m.rule))],
      eventsMatched: landed.dispatch.matched.length,
    };
    progress.stepEnded({ ...landing });
    if (pipeline.workflowName) {
      const start = this.flushStart(pipeline, name);
      if (start.events!.length) runs.push(await this.executeWorkflow(pipeline, start, progress));
    }
    const steps: StepResult[] = [landing];
    for (const r of runs)
      steps.push(...r.steps.map((s) => (runs.length > 1 ? { ...s, name: `${r.executionName} › ${s.name}` } : s)));
    const failed = runs.find((r) => r.status !== 'SUCCEEDED');
    const endedAt = new Date().toISOString();
    const run: RunResult = {
      pipeline: pipeline.name,
      env: this.env.name,
      target: 'local',
      orchestration: pipeline.stateMachineName ? 'stateMachine' : 'workflow',
      executionName: name,
      status: runs.length === 0 ? 'FAILED' : (failed?.status ?? 'SUCCEEDED'),
      startedAt: startedAt.toISOString(),
      endedAt,
      input,
      steps,
      events: runs.flatMap((r) => r.events ?? []),
      ...(runs.length === 0
        ? {
            failure: {
              state: 'Land sample',
              error: 'NoRuleMatched',
              cause: `no EventBridge rule of the project matched the ${landed.files.length} object(s) landed for pipeline ${pipeline.name}`,
            },
          }
        : failed?.failure
          ? { failure: failed.failure }
          : {}),
    };
    if (runs.length) run.output = { runs: runs.map((r) => ({ executionName: r.executionName, status: r.status })) };
    return this.finishRun(run);
  }

  // ------------------------------------------------------------ S3 and events

  /** Writes an object to local S3 and lets EventBridge rules react to it (what `lakeops put` does). */
  async putObject(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    progress = this.progress,
  ): Promise<{ object: S3ObjectInfo; dispatch: DispatchResult }> {
    const object = await this.engine.putObject(bucket, key, body);
    const previous = this.progress;
    this.progress = progress;
    try {
      return { object, dispatch: await dispatchS3ObjectCreated(this, object) };
    } finally {
      this.progress = previous;
    }
  }

  /** Generates a pipeline's sample data and writes it under each sample's `to` prefix (with S3 events unless told otherwise). */
  async landSample(pipeline: Pipeline, opts: { rows?: number; events?: boolean } = {}): Promise<LandedSample> {
    const values = substitutionsFor(this.project, this.env, pipeline);
    const files: S3ObjectInfo[] = [];
    const dispatch: DispatchResult = { events: [], matched: [], runs: [] };
    for (const spec of pipeline.config.sample ?? []) {
      const to = substitute(spec.to, values).text;
      const { bucket, key: prefix } = parseS3Uri(to);
      const base = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
      const generated = await (await sampleGenerator())(spec, { rows: opts.rows, root: this.project.root });
      const emit = (opts.events ?? true) && spec.emitEvents !== false;
      for (const f of generated) {
        if (emit) {
          const r = await this.putObject(bucket, base + f.key, f.body);
          files.push(r.object);
          dispatch.events.push(...r.dispatch.events);
          dispatch.matched.push(...r.dispatch.matched);
          dispatch.runs.push(...r.dispatch.runs);
        } else {
          // Without events, a sample object already there with the same bytes is not uploaded
          // again: a new upload is new data to a bookmarked job (S3 bookmarks follow modification
          // time), and re-running on kept state must not change results.
          const body = typeof f.body === 'string' ? Buffer.from(f.body) : Buffer.from(f.body);
          const current = await this.engine.storage?.get?.(bucket, base + f.key);
          if (current && current.equals(body))
            files.push({
              bucket,
              key: base + f.key,
              size: body.length,
              etag: createHash('md5').update(body).digest('hex'),
            });
          else files.push(await this.engine.putObject(bucket, base + f.key, f.body));
        }
      }
    }
    return { files, dispatch };
  }

  /** Starts a matched rule's target (EventRouter). */
  async deliver(rule: CompiledRule, event: EventBridgeEvent): Promise<RunResult[]> {
    if (this.eventDepth >= MAX_EVENT_DEPTH) {
      this.progress.info(
        `rule ${rule.physicalName}: not delivered (events started runs ${MAX_EVENT_DEPTH} levels deep; a rule may re-trigger itself)`,
      );
      return [];
    }
    this.eventDepth++;
    try {
      const pipeline = rule.pipeline;
      if (rule.target === 'stateMachine') {
        if (!pipeline.stateMachineName)
          throw new ConfigError(
            `rule ${rule.name} targets the stateMachine of pipeline "${pipeline.name}", which has none`,
          );
        this.progress.info(
          `rule ${rule.physicalName} matched ${event['detail-type']} event: starting ${pipeline.name}`,
        );
        return [await this.executeStateMachine(pipeline, { input: rule.input ?? event, progress: this.progress })];
      }
      if (!pipeline.workflowName)
        throw new ConfigError(`rule ${rule.name} targets the workflow of pipeline "${pipeline.name}", which has none`);
      const workflowName = this.env.physicalName('workflow', pipeline.workflowName);
      const eventTriggers = Object.entries(pipeline.config.workflow?.triggers ?? {}).filter(
        ([, t]) => t.type === 'EVENT',
      );
      if (eventTriggers.length === 0) {
        // Glue accepts events only for workflows with an EVENT trigger.
        this.progress.info(
          `rule ${rule.physicalName}: workflow ${workflowName} has no EVENT trigger; the event is dropped`,
        );
        return [];
      }
      const runs: RunResult[] = [];
      for (const [triggerName, trigger] of eventTriggers) {
        const batch = trigger.batch ?? { size: 1 };
        const decision = this.batches.add(`${workflowName}/${triggerName}`, event, batch);
        for (const ready of decision.ready)
          runs.push(
            await this.executeWorkflow(
              pipeline,
              { reason: 'event-batch', trigger: triggerName, events: ready.events, batchClosed: ready.closed },
              this.progress,
            ),
          );
        if (decision.pending)
          this.progress.info(
            `trigger ${triggerName} of ${workflowName}: ${decision.pending}/${batch.size} event(s) batched`,
          );
      }
      return runs;
    } finally {
      this.eventDepth--;
    }
  }

  /** PutEvents: records each event in the run and in .lakeops/<env>/events/<bus>.jsonl, then routes it. */
  private async putEvents(entries: PutEventEntry[], record: NonNullable<RunResult['events']>, progress: ProgressSink) {
    const buses = this.knownBuses();
    const results: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] = [];
    for (const entry of entries) {
      const bus = entry.EventBusName ?? 'default';
      if (!entry.Source || !entry.DetailType || !entry.Detail) {
        results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Source, DetailType and Detail are required' });
        continue;
      }
      if (!buses.has(bus)) {
        results.push({ ErrorCode: 'NotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` });
        continue;
      }
      const event = customEvent(this.env, entry);
      record.push({ bus, source: event.source, detailType: event['detail-type'], detail: event.detail });
      const dir = join(this.stateDir, 'events');
      mkdirSync(dir, { recursive: true });
      appendFileSync(join(dir, `${bus}.jsonl`), JSON.stringify(event) + '\n');
      progress.info(`event "${event['detail-type']}" put on bus ${bus}`);
      const previous = this.progress;
      this.progress = progress;
      try {
        await dispatchEvent(this, bus, event);
      } finally {
        this.progress = previous;
      }
      results.push({ EventId: event.id });
    }
    return results;
  }

  /** The services a state machine's Task states reach, for one execution. */
  private integrations(
    events: NonNullable<RunResult['events']>,
    progress: ProgressSink,
    lineage: { depth: number; tree: ExecutionTree; mocks: MockChoice } = {
      depth: 0,
      tree: new ExecutionTree(),
      mocks: { explicit: false },
    },
  ): IntegrationContext {
    const jobs = this.physicalSet('job');
    const crawlers = this.physicalSet('crawler');
    const nested = (prefix: string): ProgressSink => ({
      stepStarted: (s) => progress.stepStarted({ ...s, name: `${prefix} › ${s.name}` }),
      stepEnded: (s) => progress.stepEnded({ ...s, name: `${prefix} › ${s.name}` }),
      info: (m) => progress.info(m),
    });
    const storage = this.engine.storage;
    return {
      services: this.engine,
      ...(storage?.get && storage.put ? { s3: storage as unknown as MapStorage } : {}),
      jobLog: (runId) => this.engine.jobRunLog?.(runId) ?? [],
      hasJob: (n) => jobs.has(n),
      hasCrawler: (n) => crawlers.has(n),
      putEvents: (entries) => this.putEvents(entries, events, progress),
      startExecution: async (arn, input, name, stateName): Promise<StartedExecution | undefined> => {
        const pipeline =
          this.project.pipelines.find((p) => p.stateMachineName && this.stateMachineArn(p) === arn) ??
          this.project.pipelines.find(
            (p) =>
              p.stateMachineName &&
              arn.endsWith(`:stateMachine:${this.env.physicalName('stateMachine', p.stateMachineName)}`),
          );
        if (!pipeline) return undefined;
        const machine = this.env.physicalName('stateMachine', pipeline.stateMachineName!);
        lineage.tree.admit(lineage.depth + 1, stateName, machine);
        // The child's test case (same name, same mock file) and runnability are checked at start,
        // so a child that cannot run fails the parent's Task instead of running differently.
        prepareMachine(this.project, this.env, pipeline, lineage.mocks, false);
        // Unnamed executions get a UUID name, as on AWS.
        const execName = name ?? randomUUID();
        const startDate = new Date().toISOString();
        const done = this.executeStateMachine(pipeline, {
          input,
          name: execName,
          progress: nested(pipeline.name),
          mocks: lineage.mocks,
          depth: lineage.depth + 1,
          tree: lineage.tree,
        });
        // The child runs on as its own execution; close() waits for it.
        const tracked = done.catch((e) => progress.info(`${machine}/${execName} failed: ${(e as Error).message}`));
        this.pendingRuns.add(tracked);
        void tracked.finally(() => this.pendingRuns.delete(tracked));
        return {
          executionArn: `arn:aws:states:${this.env.region}:${this.env.account}:execution:${machine}:${execName}`,
          stateMachineArn: this.stateMachineArn(pipeline),
          name: execName,
          startDate,
          done,
        };
      },
      startWorkflowRun: async (name) => {
        const pipeline = this.project.pipelines.find(
          (p) => p.workflowName && this.env.physicalName('workflow', p.workflowName) === name,
        );
        if (!pipeline) return undefined;
        const result = await this.executeWorkflow(pipeline, { reason: 'on-demand' }, nested(name));
        return { name, runId: result.executionId!, result };
      },
      getWorkflowRun: (name, runId) => this.workflowRuns.get(`${name}/${runId}`),
    };
  }

  // ------------------------------------------------------------ query / close

  query(sql: string, opts?: QueryOptions): Promise<QueryResult> {
    return this.engine.query(sql, opts);
  }

  async close(): Promise<void> {
    while (this.pendingRuns.size) await Promise.all([...this.pendingRuns]);
    await this.engine.close();
  }
}

export async function createLocalTarget(project: Project, env: Environment): Promise<LocalTarget> {
  const { LocalEngine } = await import('./engine.js');
  return new LocalTarget(project, env, await LocalEngine.open(project, env));
}
