// The AWS lock store: an object in the environment's artifacts bucket written with
// `If-None-Match: *`. S3 writes it only when no object has that key, answering 412
// PreconditionFailed otherwise, and 409 ConditionalRequestConflict to the loser of two concurrent
// writes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html); both
// mean "someone else holds it".
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseLockInfo, unreadable, type LockInfo, type LockStore } from './lock.js';

function status(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
const isName = (e: unknown, ...names: string[]) => names.includes((e as { name?: string })?.name ?? '');

export function s3LockStore(s3: S3Client, bucket: string, key: string): LockStore {
  return {
    where: `s3://${bucket}/${key}`,
    async create(info: LockInfo) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: JSON.stringify(info, null, 2) + '\n',
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
        return true;
      } catch (e) {
        if (isName(e, 'PreconditionFailed', 'ConditionalRequestConflict') || status(e) === 412 || status(e) === 409)
          return false;
        throw e;
      }
    },
    async read() {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = (await out.Body?.transformToString()) ?? '';
        return parseLockInfo(text) ?? unreadable();
      } catch (e) {
        if (isName(e, 'NoSuchKey', 'NotFound') || status(e) === 404) return undefined;
        throw e;
      }
    },
    async remove() {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

/** Key of an AWS environment's lock object in its artifacts bucket (next to the deploy record). */
export function awsLockKey(project: string, env: string): string {
  return `${project}/${env}/state/lock.json`;
}
