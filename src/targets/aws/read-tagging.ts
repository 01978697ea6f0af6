// The environment's owned resources and their tags from the Resource Groups Tagging API: one
// paginated GetResources filtered by the ownership tags (lakeops:project AND lakeops:env) and the
// resource types whose readers would otherwise send one ListTagsForResource per resource (state
// machines, EventBridge rules and buses). "The response includes all tags that are associated
// with the requested resources", and it holds "tagged or previously tagged resources" only
// (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html).
//
// So it can answer "which of these are ours, with which tags", never "does this exist" or "is this
// someone else's": the readers still list every resource by name, and read the tags of one
// directly whenever this answer is not conclusive:
//   - a listed, desired resource found here: owned, tags from here (no tag read);
//   - a listed, desired resource not found here: someone else's, or ours but not yet indexed (the
//     Tagging API is fed asynchronously by each service, so a resource tagged moments ago can be
//     missing): its tags are read directly, as before, so adoption and conflicts are decided on
//     the resource's own tags;
//   - a listed resource not desired and found here: a delete candidate, confirmed with a direct tag
//     read before it can be pruned (deletes are decided on the service's own answer, never on an
//     index that may lag);
//   - a listed resource not desired and not found here: not ours as far as the index knows; it is
//     skipped. A resource created and tagged seconds before the plan may be missed as a delete
//     candidate once; the next plan finds it. Nothing is deleted or adopted on this answer alone.
// When the caller may not call tag:GetResources (a plan role from before lakeops used it), the
// readers fall back to one tag read per resource, as without this module.
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { errorCode } from './errors.js';
import { tagRecord, type Reader } from './reader.js';

/** Resource types (service:resourceType) whose per-resource tag reads this replaces. */
export const TAGGED_TYPES = ['states:stateMachine', 'events:rule', 'events:event-bus'];

/** GetResources' page size limit. */
const PAGE = 100;

const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

/** Owned ARNs and their tags, or undefined when the Tagging API cannot be used (then read tags per resource). */
export type OwnedIndex = Map<string, Record<string, string>> | undefined;

export async function readOwnedIndex(r: Reader): Promise<OwnedIndex> {
  const owned = new Map<string, Record<string, string>>();
  const filter = r.ownershipFilter;
  try {
    for await (const page of paginateGetResources(
      { client: r.clients.tagging, pageSize: PAGE },
      {
        TagFilters: Object.entries(filter).map(([Key, v]) => ({ Key, Values: [v] })),
        ResourceTypeFilters: TAGGED_TYPES,
      },
    )) {
      r.count('tagging:GetResources');
      for (const m of page.ResourceTagMappingList ?? []) if (m.ResourceARN) owned.set(m.ResourceARN, tagRecord(m.Tags));
    }
  } catch (e) {
    if (DENIED.has(errorCode(e))) return undefined;
    throw e;
  }
  return owned;
}
