// Resources referenced but owned elsewhere (`external:` in lakeops.yaml, top level and per
// environment): the Athena "default" database, another team's bucket, table, job or state machine.
// An environment's entry replaces the top-level entry of the same key, so dev and prod can point
// at different physical resources. Physical names are never prefixed: lakeops does not name them.
import type { JsonPath } from './source-file.js';
import type { ExternalConfig, ProjectConfig } from './schema.js';

export type ExternalKind = 'database' | 'table' | 'bucket' | 'job' | 'stateMachine';

export interface ExternalResource {
  kind: ExternalKind;
  /** The logical name the pipelines use (for tables: database.table, database logical). */
  logical: string;
  /** Physical name: `name` or the logical name (tables: the table part). Buckets: see Environment.bucket. */
  name: string;
  /** State machines: the ARN when given. */
  arn?: string;
  /** Tables: where the data is, when given. */
  location?: string;
  /** Where lakeops.yaml declares it. */
  path: JsonPath;
}

const SECTIONS: [keyof ExternalConfig, ExternalKind][] = [
  ['databases', 'database'],
  ['tables', 'table'],
  ['buckets', 'bucket'],
  ['jobs', 'job'],
  ['stateMachines', 'stateMachine'],
];

/** The external resources of one environment, keyed "kind:logical". */
export function externalResources(config: ProjectConfig, envName: string): Map<string, ExternalResource> {
  const out = new Map<string, ExternalResource>();
  const add = (ext: ExternalConfig | undefined, at: JsonPath) => {
    for (const [section, kind] of SECTIONS)
      for (const [logical, entry] of Object.entries(ext?.[section] ?? {})) {
        const defaultName =
          kind === 'table'
            ? logical.slice(logical.indexOf('.') + 1)
            : kind === 'stateMachine' && entry.arn
              ? entry.arn.slice(entry.arn.lastIndexOf(':') + 1)
              : logical;
        out.set(`${kind}:${logical}`, {
          kind,
          logical,
          name: entry.name ?? defaultName,
          ...(entry.arn ? { arn: entry.arn } : {}),
          ...(entry.location ? { location: entry.location } : {}),
          path: [...at, section, logical],
        });
      }
  };
  add(config.external, ['external']);
  const env = Object.hasOwn(config.environments, envName) ? config.environments[envName] : undefined;
  add(env?.external, ['environments', envName, 'external']);
  return out;
}
