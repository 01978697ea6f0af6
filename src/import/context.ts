// What every per-kind converter shares: the environment, the resources taken in (physical name to
// logical name, by kind), the reverse substitution, S3 reads of scripts and SQL, and the notes,
// skips and secret references collected on the way.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parseS3Uri, type Environment } from '../model/environment.js';
import type { AccountContext } from '../planner/names.js';
import { keyOf } from '../planner/types.js';
import { errorMessage } from '../targets/aws/errors.js';
import type { Reader } from '../targets/aws/reader.js';
import type { Unsubstituter } from './names.js';
import type { Snapshot } from './read.js';
import type { ImportFile, ImportKind, ImportNote } from './types.js';

/** Keys of default arguments whose values may be secrets (never written; a ${...} reference instead). */
const SECRET_KEY =
  /(^|[-_.])(pass(word|wd)?|pwd|secrets?|token|(api|access|secret|private)?[-_]?key|credentials?)($|[-_.])/i;
/** Values that carry a secret whatever their key: a user:password@ URL, a password= (secret=, key=, ...) pair. */
const SECRET_VALUE = /:\/\/[^/\s:@]+:[^@\s/]+@|(password|passwd|pwd|secret|token|key)\s*=/i;

export function looksSecret(key: string, value: string): boolean {
  return SECRET_KEY.test(key.replace(/^-+/, '')) || SECRET_VALUE.test(value);
}

export class ImportContext {
  readonly notes: ImportNote[] = [];
  /** Substitution names that stand for secret values, with where they came from. */
  readonly secrets = new Map<string, string>();
  /** Files per pipeline, relative to the project root. */
  readonly files = new Map<string, ImportFile[]>();
  /** Files a self-check needs but the import must not write (scripts that could not be read). */
  readonly placeholders: ImportFile[] = [];

  constructor(
    readonly env: Environment,
    readonly ctx: AccountContext,
    readonly reader: Reader,
    readonly snapshot: Snapshot,
    /** keyOf(kind, physical) of the resources taken in. */
    readonly included: Set<string>,
    readonly unsub: Unsubstituter,
    /** S3 reads by URI, shared by every round of one import (each object is read once). */
    private readonly objects = new Map<string, Promise<{ bytes: Uint8Array } | { error: string }>>(),
  ) {}

  /** The logical name of a resource taken in, or undefined when it is not (skipped, absent). */
  logical(kind: ImportKind, physical: string): string | undefined {
    const key = keyOf({ kind, name: physical });
    return this.included.has(key) ? this.snapshot.found.get(key)?.logical : undefined;
  }

  note(n: ImportNote): void {
    this.notes.push(n);
  }

  addFile(pipeline: string, file: ImportFile): void {
    const list = this.files.get(pipeline) ?? [];
    if (!list.some((f) => f.path === file.path)) list.push(file);
    this.files.set(pipeline, list);
  }

  /** A value for the model: secrets become ${name} with a warning; anything else reverse-substituted. */
  argument(
    pipeline: string,
    owner: string,
    key: string,
    value: string,
    where: { kind: ImportKind; physical: string },
  ): string {
    if (!looksSecret(key, value)) return this.unsub.text(value);
    const name = `${owner}.${key.replace(/^-+/, '')}`.replace(/[^A-Za-z0-9_.-]/g, '_');
    this.secrets.set(name, `${where.kind} ${where.physical} argument ${key}`);
    this.note({
      pipeline,
      ...where,
      level: 'warning',
      message: `argument ${key} looks secret: its value was not written; it reads \${${name}} (give it a value under variables: of environment ${this.env.name} in lakeops.yaml, or better, read it from Secrets Manager in the job)`,
    });
    return `\${${name}}`;
  }

  /** The bytes of an S3 object (scripts, SQL), read once; an error message when it cannot be read. */
  s3Object(uri: string): Promise<{ bytes: Uint8Array } | { error: string }> {
    let p = this.objects.get(uri);
    if (!p) {
      p = (async () => {
        try {
          const { bucket, key } = parseS3Uri(uri);
          const out = await this.reader.send('s3:GetObject', () =>
            this.reader.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
          );
          const bytes = await out.Body?.transformToByteArray();
          return bytes === undefined ? { error: 'the object has no body' } : { bytes };
        } catch (e) {
          return { error: errorMessage(e) };
        }
      })();
      this.objects.set(uri, p);
    }
    return p;
  }
}
