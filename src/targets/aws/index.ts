// The AWS target: plan = desired state from the model vs actual state read in batches; deploy =
// that plan applied with bounded concurrency, then the deploy record updated (it tells drift
// from config changes next time). run() and query() delegate to the runner (src/runner/).
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { DeployResult, PlanResult, ProgressSink, QueryResult, RunResult } from '../../report/model.js';
import { queryAthena } from '../../runner/athena.js';
import { runOnAws } from '../../runner/aws-run.js';
import { computePlan } from '../../planner/diff.js';
import { nextRecord, serialiseRecord, type DeployRecord } from '../../planner/record.js';
import { buildDesiredState, type DesiredState } from '../../planner/desired.js';
import { accountContext, deployRecordKey, type AccountContext } from '../../planner/names.js';
import type { Plan, PlannedChange } from '../../planner/types.js';
import type { DeployOptions, PlanOptions, QueryOptions, RunOptions, Target } from '../target.js';
import { applyPlan, DEFAULT_WRITE_CONCURRENCY } from './apply.js';
import { createClients, destroyClients, type AwsClients } from './clients.js';
import { readActualState, type ActualState } from './read-state.js';
import { Reader, DEFAULT_READ_CONCURRENCY } from './reader.js';
import { realClock, type Clock } from '../../runner/poll.js';
import type { WriteContext } from './writer.js';
import { acquireLock, type HeldLock, type LockStore } from '../../locking/lock.js';
import { awsLockKey, s3LockStore } from '../../locking/s3-store.js';
import { buildSavedPlan, checkSavedPlan, gitState, type GitState, type SavedPlan } from '../../planner/plan-file.js';

/** More deletions than this in one deploy need --allow-deletes N. */
export const DELETE_GUARD = 5;

export interface AwsTargetOptions {
  /** Injected clients (tests, benchmarks); default: built from the environment. */
  clients?: AwsClients;
  clock?: Clock;
  readConcurrency?: number;
  writeConcurrency?: number;
  crawlerWaitMs?: number;
  crawlerPollMs?: number;
  /** The checkout's commit and tree (saved plans); default: asked from git in the project root. */
  git?: () => GitState;
  /** Poll interval while waiting for the environment lock. */
  lockPollMs?: number;
}

interface InternalPlan {
  plan: Plan;
  desired: DesiredState;
  actual: ActualState;
}

export class AwsTarget implements Target {
  readonly clients: AwsClients;
  private account?: Promise<AccountContext>;
  private readonly ownsClients: boolean;

  constructor(
    readonly project: Project,
    readonly env: Environment,
    private readonly opts: AwsTargetOptions = {},
  ) {
    this.ownsClients = !opts.clients;
    this.clients = opts.clients ?? createClients(env);
  }

  /** Account and partition for ARNs: declared in lakeops.yaml, else STS GetCallerIdentity (once). */
  accountContext(): Promise<AccountContext> {
    this.account ??= (async () => {
      if (this.env.config.account) return accountContext(this.env, this.env.config.account);
      const id = await this.clients.sts.send(new GetCallerIdentityCommand({})).catch((e: Error) => {
        if (e?.name !== 'CredentialsProviderError') throw e;
        throw new ConfigError(
          `no AWS credentials for environment "${this.env.name}" (${e.message}); sign in (AWS_PROFILE, aws sso login) ` +
            'or, in CI, assume the deploy role through OIDC',
        );
      });
      if (!id.Account) throw new Error('STS GetCallerIdentity returned no account id');
      return accountContext(this.env, id.Account);
    })();
    return this.account;
  }

  async planInternal(project: Project, opts: PlanOptions & { adopt?: boolean }): Promise<InternalPlan> {
    // Configuration errors (no artifacts bucket, a missing role, an unresolved ${Name}) surface
    // before any AWS call, even the STS call that finds the account for ARNs.
    if (!this.env.config.account)
      buildDesiredState(project, this.env, {
        ctx: accountContext(this.env, '000000000000'),
        pipelines: opts.pipelines,
      });
    const ctx = await this.accountContext();
    const desired = buildDesiredState(project, this.env, { ctx, pipelines: opts.pipelines });
    const reader = new Reader(this.clients, this.env, ctx, this.opts.readConcurrency ?? DEFAULT_READ_CONCURRENCY);
    const actual = await readActualState(reader, desired);
    const changes = computePlan({
      desired: desired.resources,
      actual: actual.resources,
      pipelines: desired.pipelines,
      allPipelines: !opts.pipelines?.length,
      adopt: opts.adopt,
      record: actual.record,
    });
    return {
      plan: { env: this.env.name, changes, readCalls: reader.calls, readCallsByOperation: reader.byOperation },
      desired,
      actual,
    };
  }

  async plan(project: Project, opts: PlanOptions = {}): Promise<PlanResult> {
    const { plan } = await this.planInternal(project, opts);
    return { env: this.env.name, target: 'aws', changes: plan.changes.map((c) => c.change), readCalls: plan.readCalls };
  }

  /** The plan and the file `lakeops plan --out` saves (fingerprints of everything read, commit). */
  async planToSave(project: Project, opts: PlanOptions = {}): Promise<{ result: PlanResult; saved: SavedPlan }> {
    const { plan, actual } = await this.planInternal(project, opts);
    const saved = buildSavedPlan({
      project: this.env.project,
      env: this.env.name,
      pipelines: opts.pipelines,
      changes: plan.changes,
      actual: actual.resources,
      git: this.git(project),
    });
    const result: PlanResult = {
      env: this.env.name,
      target: 'aws',
      changes: plan.changes.map((c) => c.change),
      readCalls: plan.readCalls,
    };
    return { result, saved };
  }

  private git(project: Project): GitState {
    return (this.opts.git ?? (() => gitState(project.root)))();
  }

  /** Where this environment's lock lives: an object in its artifacts bucket. */
  lockStore(): LockStore {
    return s3LockStore(this.clients.s3, this.env.bucket('artifacts'), awsLockKey(this.env.project, this.env.name));
  }

  /** Takes the environment's lock in the artifacts bucket (waiting up to opts.lockTimeoutMs). */
  async lock(operation: string, timeoutMs: number, progress?: ProgressSink): Promise<HeldLock> {
    return acquireLock(this.lockStore(), {
      env: this.env.name,
      operation,
      timeoutMs,
      pollMs: this.opts.lockPollMs,
      clock: this.opts.clock,
      onWait: (h) =>
        progress?.info(
          `environment ${this.env.name} is locked by ${h?.who ?? 'another deploy'} since ${h?.since ?? '?'}; waiting`,
        ),
    });
  }

  async deploy(project: Project, opts: DeployOptions, progress: ProgressSink): Promise<DeployResult> {
    // Configuration errors (no artifacts bucket, ...) surface before the lock is taken.
    if (!this.env.config.account)
      buildDesiredState(project, this.env, {
        ctx: accountContext(this.env, '000000000000'),
        pipelines: opts.pipelines,
      });
    await this.accountContext();
    const held = await this.lock('deploy', opts.lockTimeoutMs ?? 0, progress);
    try {
      return await this.deployLocked(project, opts, progress);
    } finally {
      await held.release().catch((e: Error) => progress.info(`! could not release the lock: ${e.message}`));
    }
  }

  private async deployLocked(project: Project, opts: DeployOptions, progress: ProgressSink): Promise<DeployResult> {
    const saved = opts.savedPlan;
    const planned = await this.planInternal(project, saved ? { ...opts, pipelines: saved.pipelines } : opts);
    const { desired, actual } = planned;
    let plan = planned.plan;
    if (saved) {
      // Exactly the reviewed changes, or nothing (StalePlanError names what moved).
      const changes = checkSavedPlan(saved, {
        git: this.git(project),
        changes: plan.changes,
        actual: actual.resources,
      });
      plan = { ...plan, changes };
    }
    const deletes = plan.changes.filter((c) => c.change.action === 'delete' && !c.keep);
    if (opts.prune && deletes.length > DELETE_GUARD && (opts.allowDeletes ?? 0) < deletes.length)
      throw new ConfigError(
        `deploy --prune would delete ${deletes.length} resources (${deletes
          .slice(0, 10)
          .map((d) => `${d.change.kind} ${d.change.name}`)
          .join(', ')}${deletes.length > 10 ? ', …' : ''}); more than ${DELETE_GUARD} deletions need ` +
          `--allow-deletes ${deletes.length} (or more). Nothing was changed.`,
      );
    const ctx = await this.accountContext();
    const writeCtx: WriteContext = {
      clients: this.clients,
      env: this.env,
      ctx,
      clock: this.opts.clock ?? realClock,
      crawlerWaitMs: this.opts.crawlerWaitMs ?? 5 * 60_000,
      crawlerPollMs: this.opts.crawlerPollMs ?? 10_000,
      note: (m) => progress.info(m),
    };
    const outcome = await applyPlan(
      plan.changes,
      writeCtx,
      { prune: opts.prune, concurrency: this.opts.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY },
      progress,
    );
    await this.writeRecord(desired, actual.record, outcome.converged, outcome.deleted, progress);
    return {
      env: this.env.name,
      target: 'aws',
      applied: outcome.applied,
      failed: outcome.failed,
      skipped: outcome.skipped,
    };
  }

  /** Records what is now deployed; written only when it changed (a no-op deploy writes nothing). */
  private async writeRecord(
    desired: DesiredState,
    previous: DeployRecord | undefined,
    converged: PlannedChange[],
    deleted: PlannedChange[],
    progress: ProgressSink,
  ): Promise<void> {
    const text = serialiseRecord(nextRecord(previous, converged, deleted));
    if (previous && text === serialiseRecord(previous)) return;
    try {
      await this.clients.s3.send(
        new PutObjectCommand({
          Bucket: desired.artifactsBucket,
          Key: deployRecordKey(this.env),
          Body: text,
          ContentType: 'application/json',
        }),
      );
    } catch (e) {
      // The deploy itself succeeded; only drift marks in the next plan are affected.
      progress.info(`! could not write the deploy record: ${(e as Error).message}`);
    }
  }

  run(project: Project, pipeline: string, opts: RunOptions, progress: ProgressSink): Promise<RunResult> {
    return runOnAws(this.clients, project, this.env, pipeline, opts, progress, {
      accountContext: () => this.accountContext(),
    });
  }

  query(sql: string, opts: QueryOptions = {}): Promise<QueryResult> {
    return queryAthena(this.clients, this.env, sql, opts);
  }

  async close(): Promise<void> {
    if (this.ownsClients) destroyClients(this.clients);
  }
}

export async function createAwsTarget(
  project: Project,
  env: Environment,
  opts: AwsTargetOptions = {},
): Promise<Target> {
  if (env.target !== 'aws')
    throw new ConfigError(`environment "${env.name}" is not an aws environment (target: ${env.target})`);
  return new AwsTarget(project, env, opts);
}
