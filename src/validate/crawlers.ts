// Crawler settings Glue would refuse or silently override, placed at the field in pipeline.yaml.
// An incremental crawl (recrawl: new-folders-only, Glue's CRAWL_NEW_FOLDERS_ONLY) "forces the update
// behavior and delete behavior of the crawler to LOG"
// (https://docs.aws.amazon.com/glue/latest/dg/incremental-crawls.html): a schemaChangePolicy that
// says otherwise contradicts it.
import type { Diagnostic } from '../model/diagnostics.js';
import type { ValidationContext } from './context.js';

export function checkCrawlers(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ctx.project.pipelines)
    for (const [name, c] of Object.entries(p.config.crawlers ?? {})) {
      if (c.recrawl !== 'new-folders-only') continue;
      for (const field of ['updateBehavior', 'deleteBehavior'] as const) {
        const value = c.schemaChangePolicy?.[field];
        if (value === undefined || value === 'LOG') continue;
        out.push(
          p.source.diagnostic(
            ['crawlers', name, 'schemaChangePolicy', field],
            `crawler ${name}: recrawl: new-folders-only (an incremental crawl) requires ${field}: LOG, not ${value}; set ${field}: LOG (or remove it), or recrawl: everything`,
            'crawler-options',
          ),
        );
      }
    }
  return out;
}
