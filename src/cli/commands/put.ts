// `lakeops put <file> s3://bucket/key [--env local] [--json]`: lands a file in the local target's
// S3 (.lakeops/<env>/s3/) and then does what AWS does after a PutObject: the object-created
// events go through the pipelines' EventBridge rules, and the runs they start are followed and
// summarised. Exit 0 when every started run succeeded, 1 when one failed, 2 for usage errors.
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import { parseS3Uri } from '../../model/environment.js';
import { progressFor } from '../../report/live.js';
import { silentProgress } from '../../report/model.js';
import { renderRunSummary } from '../../report/terminal.js';
import { action, EXIT_FAILED, EXIT_OK, globalOptions, openProject } from '../context.js';

/** The object key: a destination ending in "/" (or a bare bucket) keeps the file's name. */
export function destinationKey(uri: string, file: string): { bucket: string; key: string } {
  const { bucket, key } = parseS3Uri(uri);
  return { bucket, key: !key || key.endsWith('/') ? `${key}${basename(file)}` : key };
}

export function register(program: Command): void {
  program
    .command('put')
    .description("land a file in the local target's S3 and let the pipelines' EventBridge rules react to it")
    .argument('<file>', 'the local file to store')
    .argument('<s3-uri>', 's3://bucket/key (a key ending in "/" keeps the file name)')
    .action(
      action(async (file: string, uri: string, _opts: unknown, cmd: Command) => {
        const g = globalOptions(cmd);
        const path = resolve(file);
        const st = await stat(path).catch(() => undefined);
        if (!st?.isFile()) throw new ConfigError(`${file} is not a file; give the path of the file to store`);
        const { bucket, key } = destinationKey(uri, path);
        const { project, env } = await openProject(g);
        if (env.target !== 'local')
          throw new ConfigError(
            `lakeops put lands files on local environments; "${env.name}" targets AWS (copy with aws s3 cp: S3 emits the events itself)`,
          );
        // Loaded here, not at the top: --help and other commands load no target code.
        const { MAX_KEY_BYTES } = await import('../../targets/local/storage.js');
        const { faultPoint } = await import('../../targets/local/fault.js');
        const declared = Object.values(env.config.buckets ?? {});
        if (declared.length && !declared.includes(bucket))
          throw new ConfigError(
            `bucket "${bucket}" is not declared for environment "${env.name}" in lakeops.yaml (declared: ${declared.join(', ')}); add it under buckets: or put to a declared bucket`,
          );
        if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
          throw new ConfigError(
            `the key of ${uri} is ${Buffer.byteLength(key, 'utf8')} bytes of UTF-8; S3 allows at most ${MAX_KEY_BYTES}`,
          );
        const body = await readFile(path);
        const { createLocalTarget } = await import('../../targets/local/index.js');
        const { dispatchS3ObjectCreated } = await import('../../targets/local/events.js');
        const target = await createLocalTarget(project, env);
        const progress = g.json ? { ...silentProgress, stop() {} } : progressFor(process.stderr);
        try {
          // The engine stores the object; the dispatcher emits its S3 events and starts matching targets.
          const object = await target.engine.putObject(bucket, key, body);
          await faultPoint('put.stored');
          target.progress = progress;
          const dispatch = await dispatchS3ObjectCreated(target, object);
          progress.stop();
          const failed = dispatch.runs.filter((r) => r.status !== 'SUCCEEDED' && r.status !== 'RUNNING');
          if (g.json) {
            process.stdout.write(
              JSON.stringify({ object, matched: dispatch.matched, runs: dispatch.runs }, null, 2) + '\n',
            );
          } else {
            const lines = [`stored s3://${bucket}/${key} (${object.size} bytes, ETag "${object.etag}")`];
            if (!dispatch.matched.length) lines.push('no EventBridge rule matched its events');
            for (const m of dispatch.matched)
              lines.push(`rule ${m.rule} (${m.pipeline}) matched "${m.detailType}" on bus ${m.bus}`);
            for (const r of dispatch.runs) lines.push('', renderRunSummary(r));
            process.stdout.write(lines.join('\n') + '\n');
          }
          return failed.length ? EXIT_FAILED : EXIT_OK;
        } finally {
          progress.stop();
          await target.close();
        }
      }),
    );
}
