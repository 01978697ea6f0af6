// Reads EventBridge custom buses and rules (with their targets). ListEventBuses / ListRules are
// narrowed by the environment's name prefix; targets are read only for rules that are desired or
// ours. Tags come from the Tagging API's index of owned resources when it holds the ARN, else from
// one ListTagsForResource; a rule or bus that is not desired is read only when the index says it is
// ours (or there is no index), and then its tags are read directly (see read-tagging.ts).
import {
  ListEventBusesCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  type EventBus,
  type Rule,
  type Target,
} from '@aws-sdk/client-eventbridge';
import type { ActualResource } from '../../planner/types.js';
import { isNotFound, unlessNotFound } from './errors.js';
import { found, tagRecord, type Reader } from './reader.js';
import type { OwnedIndex } from './read-tagging.js';

const prefixFilter = (r: Reader) => (r.env.namePrefix ? { NamePrefix: r.env.namePrefix } : {});

async function eventTags(r: Reader, arn: string): Promise<Record<string, string> | undefined> {
  const out = await unlessNotFound(
    r.send('events:ListTagsForResource', () =>
      r.clients.events.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
    ),
  );
  return out && tagRecord(out.Tags);
}

/** Tags of a desired resource (from the index when it holds them) or of a candidate that may be ours. */
async function tagsOf(
  r: Reader,
  arn: string,
  desired: boolean,
  index: OwnedIndex,
): Promise<Record<string, string> | undefined> {
  if (desired) return index?.get(arn) ?? eventTags(r, arn);
  // Not desired: only what the index says is ours is a delete candidate, confirmed by its own tags.
  return !index || index.has(arn) ? eventTags(r, arn) : undefined;
}

export async function readEventBuses(
  r: Reader,
  desired: string[],
  ownedIndex: Promise<OwnedIndex> = Promise.resolve(undefined),
): Promise<ActualResource[]> {
  const buses: EventBus[] = [];
  let NextToken: string | undefined;
  do {
    const page = await r.send('events:ListEventBuses', () =>
      r.clients.events.send(new ListEventBusesCommand({ ...prefixFilter(r), NextToken, Limit: 100 })),
    );
    buses.push(...(page.EventBuses ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const wanted = new Set(desired);
  const index = await ownedIndex;
  const out: ActualResource[] = [];
  await Promise.all(
    buses.map(async (b) => {
      if (!b.Name || !b.Arn || b.Name === 'default') return;
      if (!wanted.has(b.Name) && !r.mayBeOurs(b.Name)) return;
      const tags = await tagsOf(r, b.Arn, wanted.has(b.Name), index);
      if (!tags) return;
      if (wanted.has(b.Name) || r.isOwned(tags))
        out.push(found(r, 'eventBus', b.Name, { Description: b.Description }, tags, { arn: b.Arn }));
    }),
  );
  return out;
}

async function listRules(r: Reader, bus: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await r.send('events:ListRules', () =>
        r.clients.events.send(new ListRulesCommand({ EventBusName: bus, ...prefixFilter(r), NextToken, Limit: 100 })),
      );
      rules.push(...(page.Rules ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (e) {
    if (isNotFound(e)) return []; // the bus does not exist (yet)
    throw e;
  }
  return rules;
}

async function listTargets(r: Reader, rule: string, bus: string): Promise<Target[]> {
  const targets: Target[] = [];
  let NextToken: string | undefined;
  do {
    const page = await r.send('events:ListTargetsByRule', () =>
      r.clients.events.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: bus, NextToken, Limit: 100 })),
    );
    targets.push(...(page.Targets ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return targets;
}

/** Rules on the given buses; `desired` maps rule name to its desired bus (preferred when a name exists on several). */
export async function readRules(
  r: Reader,
  desired: Map<string, string>,
  buses: string[],
  ownedIndex: Promise<OwnedIndex> = Promise.resolve(undefined),
): Promise<ActualResource[]> {
  const byName = new Map<string, ActualResource>();
  const index = await ownedIndex;
  await Promise.all(
    [...new Set(['default', ...buses])].map(async (bus) => {
      const rules = await listRules(r, bus);
      await Promise.all(
        rules.map(async (rule) => {
          if (!rule.Name || !rule.Arn) return;
          const isDesired = desired.has(rule.Name);
          if (!isDesired && !r.mayBeOurs(rule.Name)) return;
          const tags = await tagsOf(r, rule.Arn, isDesired, index);
          if (!tags || (!isDesired && !r.isOwned(tags))) return;
          // Managed rules (created by other AWS services) cannot be changed: treat them as foreign.
          const targets = rule.ManagedBy ? [] : await listTargets(r, rule.Name, bus);
          const res = found(
            r,
            'rule',
            rule.Name,
            { ...rule, EventBusName: rule.EventBusName ?? bus, Targets: targets },
            rule.ManagedBy ? {} : tags,
            { arn: rule.Arn, bus, targetIds: targets.map((t) => t.Id) },
          );
          const prior = byName.get(rule.Name);
          if (!prior || bus === desired.get(rule.Name)) byName.set(rule.Name, res);
        }),
      );
    }),
  );
  return [...byName.values()];
}
