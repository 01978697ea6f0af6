// One pipeline.yaml from a group of resources: each member converted by its kind's module, in an
// order where what a resource refers to is converted first. A member that cannot be expressed is
// returned as skipped; the caller runs the import again without it, so what refers to it follows.
import { stringify } from 'yaml';
import type { PipelineConfig, WorkflowTriggerConfig } from '../model/schema.js';
import { keyOf } from '../planner/types.js';
import type { ImportContext } from './context.js';
import { convertCrawler, convertDatabase, convertView } from './crawlers.js';
import { convertBus, convertRule } from './events.js';
import { convertJob } from './glue-jobs.js';
import type { Group } from './group.js';
import { convertSchedule } from './schedules.js';
import { convertStateMachine } from './state-machine.js';
import { convertTrigger, convertWorkflow } from './workflow.js';
import type { SkippedResource } from './types.js';

export interface Assembled {
  pipeline: string;
  config: PipelineConfig;
  text: string;
}

export async function assemble(
  c: ImportContext,
  g: Group,
): Promise<{ assembled?: Assembled; skipped: SkippedResource[] }> {
  const skipped: SkippedResource[] = [];
  const skip = (f: Group['members'][number], reason: string) =>
    skipped.push({ kind: f.kind, physical: f.physical, reason });
  const p = g.pipeline;
  const config: PipelineConfig = {
    name: p,
    description: `Imported by lakeops import from environment ${c.env.name}.`,
  };
  const of = (kind: Group['members'][number]['kind']) => g.members.filter((f) => f.kind === kind);
  const dict = <T>(entries: [string, T][]) => (entries.length ? Object.fromEntries(entries) : undefined);
  type Member = Group['members'][number];
  type Converted<T> = { config: T } | { skip: string };
  /** Each member of a kind converted, the ones that cannot be expressed recorded as skipped. */
  const convertAll = async <T>(kind: Member['kind'], convert: (f: Member) => Converted<T> | Promise<Converted<T>>) => {
    const out: [string, T][] = [];
    for (const f of of(kind)) {
      const r = await convert(f);
      if ('skip' in r) skip(f, r.skip);
      else out.push([f.logical, r.config]);
    }
    return out;
  };

  config.databases = dict(of('database').map((f) => [f.logical, convertDatabase(f)]));
  config.jobs = dict(await convertAll('job', (f) => convertJob(c, p, f)));
  config.crawlers = dict(await convertAll('crawler', (f) => convertCrawler(c, f)));
  config.eventBuses = dict(of('eventBus').map((f) => [f.logical, convertBus(f)]));
  for (const f of of('workflow')) {
    const w = convertWorkflow(f);
    if ('skip' in w) {
      skip(f, w.skip);
      continue;
    }
    const triggers = await convertAll<WorkflowTriggerConfig>('trigger', (t) => convertTrigger(c, p, t));
    config.workflow = {
      ...(f.logical !== p ? { name: f.logical } : {}),
      ...w.config,
      triggers: Object.fromEntries(triggers),
    };
  }
  for (const f of of('stateMachine')) {
    const r = convertStateMachine(c, p, f);
    if ('skip' in r) skip(f, r.skip);
    else config.stateMachine = r.config;
  }
  config.rules = dict(await convertAll('rule', (f) => convertRule(c, f)));
  config.schedules = dict(await convertAll('schedule', (f) => convertSchedule(c, f)));
  config.views = dict(await convertAll('view', (f) => convertView(c, p, f)));
  for (const k of Object.keys(config) as (keyof PipelineConfig)[]) if (config[k] === undefined) delete config[k];
  if (skipped.length) return { skipped };
  const text =
    '# yaml-language-server: $schema=../../schema/pipeline.schema.json\n' +
    `# Imported by \`lakeops import --env ${c.env.name}\`: the definitions found in the account, as lakeops\n` +
    '# would deploy them. `lakeops plan` shows only their adoption; review, then `lakeops deploy --adopt`.\n' +
    stringify(config, { lineWidth: 0 });
  c.addFile(p, { path: `pipelines/${p}/pipeline.yaml`, content: text });
  return { assembled: { pipeline: p, config, text }, skipped };
}

export const memberKey = (f: { kind: string; physical: string }) => keyOf({ kind: f.kind, name: f.physical });
