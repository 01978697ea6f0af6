// Glue's exclude patterns for S3 crawler targets, as "Include and exclude patterns" documents them
// (https://docs.aws.amazon.com/glue/latest/dg/define-crawler.html#crawler-data-stores-exclude).
// They are relative to the include path and differ from shell/minimatch globs in one way that
// matters: "A double asterisk (**) matches zero or more characters crossing folder or schema
// boundaries" anywhere in a pattern, so `**.csv` excludes csv files in every folder and
// `myfolder**` matches myfolder and the files below it; minimatch reads `**` inside a name as `*`.
// The rest: `*` matches within one name component, `?` one character, `[...]` a set (`[!...]`
// negated; `*`, `?` and `\` stand for themselves inside), `\` escapes, `{a,b}` groups (not
// nested; expanded with minimatch's brace expansion), and leading dots are ordinary characters.
import { braceExpand } from 'minimatch';

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** One brace-free Glue glob as a RegExp source. */
function globSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += pattern[++i]!.replace(REGEX_SPECIAL, '\\$&');
    } else if (ch === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else out += ch.replace(REGEX_SPECIAL, '\\$&');
  }
  return out;
}

/** A matcher for one exclude pattern, tested against a key relative to the include path. */
export function glueGlob(pattern: string): (relativeKey: string) => boolean {
  const res = braceExpand(pattern).map((p) => new RegExp(`^${globSource(p)}$`, 's'));
  return (key) => res.some((re) => re.test(key));
}

/** True when any of the patterns excludes the key. */
export function excludedBy(patterns: string[]): (relativeKey: string) => boolean {
  const matchers = patterns.map(glueGlob);
  return (key) => matchers.some((m) => m(key));
}
