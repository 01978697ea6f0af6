// Artifact uploads (content-addressed: a key is written once and never changes) and Athena views
// (CREATE OR REPLACE VIEW / DROP VIEW run as Athena queries in the environment's workgroup).
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startAndWait } from '../../runner/athena.js';
import type { DesiredResource } from '../../planner/types.js';
import type { KindWriter } from './writer.js';

/** S3 object tags go as a URL query string. */
const tagging = (tags: Record<string, string>) => new URLSearchParams(tags).toString();

export const artifactWriter: KindWriter = {
  async create(d, ctx) {
    await ctx.clients.s3.send(
      new PutObjectCommand({
        Bucket: d.spec.Bucket as string,
        Key: d.name,
        Body: d.body,
        ContentType: d.contentType,
        Tagging: tagging(d.tags),
      }),
    );
  },
  async update() {
    // Content-addressed: an existing key already holds these bytes.
  },
  async delete() {
    // Kept: earlier deploys' jobs may still point at them (and they make rollback a redeploy).
  },
};

/** Athena (Trino) identifier quoting: database names may hold "-" (e.g. dev_demo-raw-data). */
export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function createViewSql(d: DesiredResource): string {
  return `CREATE OR REPLACE VIEW ${quoteIdent(String(d.spec.DatabaseName))}.${quoteIdent(String(d.spec.Name))} AS\n${String(d.spec.OriginalSql)}`;
}

export const viewWriter: KindWriter = {
  async create(d, ctx) {
    await startAndWait(ctx.clients, ctx.env, createViewSql(d), { database: String(d.spec.DatabaseName) });
  },
  async update(d, _a, _c, ctx) {
    await startAndWait(ctx.clients, ctx.env, createViewSql(d), { database: String(d.spec.DatabaseName) });
  },
  async delete(a, ctx) {
    const db = String(a.spec.DatabaseName);
    await startAndWait(
      ctx.clients,
      ctx.env,
      `DROP VIEW IF EXISTS ${quoteIdent(db)}.${quoteIdent(String(a.spec.Name))}`,
      {
        database: db,
      },
    );
  },
};
