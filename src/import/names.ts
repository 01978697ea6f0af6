// Physical names back to logical ones (the reverse of Environment.physicalName), pipeline folder
// names, and the reverse of ${Name} substitution, so imported files hold no account id, region,
// bucket or prefixed resource name of one environment.
import { SUBSTITUTION_RE, substitute, type Environment, type ResourceKind } from '../model/environment.js';
import type { ProjectConfig } from '../model/schema.js';

/** The pattern of logical names (schema.ts Name and Dict keys). */
const LOGICAL = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

export type Reversal = { logical: string } | { reason: string };

/**
 * The logical name whose physical name in `env` is `physical`, or why there is none: the name
 * lacks the environment's prefix, carries another environment's longer prefix, or is not a
 * logical name the model accepts.
 */
export function logicalName(env: Environment, project: ProjectConfig, kind: ResourceKind, physical: string): Reversal {
  if (kind === 'eventBus' && physical === 'default') return { logical: 'default' };
  const prefix = kind === 'database' ? env.databasePrefix : env.namePrefix;
  if (!physical.startsWith(prefix))
    return {
      reason: `its name does not start with environment ${env.name}'s ${kind === 'database' ? 'databasePrefix' : 'namePrefix'} "${prefix}", so no logical name maps to it`,
    };
  // Another environment whose prefix extends this one's owns names that carry it.
  for (const [name, other] of Object.entries(project.environments)) {
    if (name === env.name) continue;
    const theirs =
      kind === 'database'
        ? (other.databasePrefix ?? (other.namePrefix ?? '').replace(/-/g, '_').toLowerCase())
        : (other.namePrefix ?? '');
    if (theirs.length > prefix.length && theirs.startsWith(prefix) && physical.startsWith(theirs))
      return { reason: `its name carries environment ${name}'s prefix "${theirs}"` };
  }
  const logical = physical.slice(prefix.length);
  if (!LOGICAL.test(logical))
    return {
      reason: `"${logical}" is not a logical name lakeops accepts (letters, digits, "_", "-", "."; starting with a letter)`,
    };
  return { logical };
}

/** A pipeline folder name (lower case letters, digits and "-", starting with a letter) for a logical name. */
export function pipelineName(logical: string): string {
  let n = logical
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (!/^[a-z]/.test(n)) n = `p-${n}`;
  return n.slice(0, 63).replace(/-$/, '') || 'imported';
}

/** Characters that continue a name: a value is replaced only where it stands on its own. */
const NAME_CHAR = /[A-Za-z0-9_-]/;

/**
 * Replaces the values of substitution names in text by `${Name}` (longest value first, only where
 * the value is not part of a longer name). The result substitutes back to exactly `text`, or, when
 * the text already holds `${...}` of its own, `text` is returned unchanged.
 */
export class Unsubstituter {
  private readonly entries: { name: string; value: string }[];
  private readonly forward: Map<string, { value: string }>;

  constructor(values: Map<string, string>) {
    this.forward = new Map([...values].map(([name, value]) => [name, { value }]));
    // One name per value (the first, as substitutionsFor keeps the first), longest values first.
    const seen = new Set<string>();
    this.entries = [];
    for (const [name, value] of values) {
      if (value.length < 3 || seen.has(value)) continue;
      seen.add(value);
      this.entries.push({ name, value });
    }
    this.entries.sort((a, b) => b.value.length - a.value.length);
  }

  text(text: string): string {
    if (new RegExp(SUBSTITUTION_RE.source).test(text)) return text;
    let out = '';
    let i = 0;
    outer: while (i < text.length) {
      for (const { name, value } of this.entries) {
        if (!text.startsWith(value, i)) continue;
        const before = i > 0 ? text[i - 1]! : '';
        const after = text[i + value.length] ?? '';
        if ((before && NAME_CHAR.test(before)) || (after && NAME_CHAR.test(after))) continue;
        out += `\${${name}}`;
        i += value.length;
        continue outer;
      }
      out += text[i];
      i++;
    }
    // Never trade exactness for looks: the reverse must substitute back to the very text.
    return substitute(out, this.forward).text === text ? out : text;
  }

  /** Every string inside a JSON value (keys stay as they are). */
  json<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object')
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}
