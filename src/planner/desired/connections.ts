// Glue connections (CreateConnection's ConnectionInput): type, ConnectionProperties and the VPC
// placement. Credentials travel only as a Secrets Manager reference (SECRET_ID); validate rejects
// an inline PASSWORD, and the planner never puts one in a spec (plans are printed and saved).
import type { Pipeline } from '../../model/project.js';
import type { JsonPath } from '../../model/source-file.js';
import type { Builder } from './builder.js';

/** ConnectionProperties keys that hold a secret value; only SECRET_ID (a reference) may carry credentials. */
export const INLINE_SECRET_PROPERTIES = [
  'PASSWORD',
  'ENCRYPTED_PASSWORD',
  'KAFKA_CLIENT_KEY_PASSWORD',
  'KAFKA_SASL_PLAIN_PASSWORD',
  'KAFKA_SASL_SCRAM_PASSWORD',
  'KAFKA_CLIENT_KEYSTORE_PASSWORD',
];

export function connections(b: Builder, p: Pipeline): void {
  for (const [logical, c] of Object.entries(p.config.connections ?? {})) {
    const path: JsonPath = ['connections', logical];
    const properties = Object.fromEntries(
      Object.entries(c.connectionProperties ?? {})
        .filter(([k]) => !INLINE_SECRET_PROPERTIES.includes(k))
        .map(([k, v]) => [k, b.text(p, [...path, 'connectionProperties', k], v)]),
    );
    const pcr = c.physicalConnectionRequirements;
    b.add(
      {
        kind: 'connection',
        name: b.phys('connection', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          Description: c.description,
          ConnectionType: c.type,
          ConnectionProperties: properties,
          ...(pcr
            ? {
                PhysicalConnectionRequirements: {
                  SubnetId: pcr.subnetId && b.text(p, [...path, 'physicalConnectionRequirements'], pcr.subnetId),
                  SecurityGroupIdList: pcr.securityGroupIds?.map((g) =>
                    b.text(p, [...path, 'physicalConnectionRequirements'], g),
                  ),
                  AvailabilityZone: pcr.availabilityZone,
                },
              }
            : {}),
        },
        tags: b.tags(p, c.tags),
      },
      p,
      path,
    );
  }
}
