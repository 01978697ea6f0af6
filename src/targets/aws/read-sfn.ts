// Reads state machines: one paginated ListStateMachines, then DescribeStateMachine for the desired
// names that exist. Tags come from the Tagging API's index of owned resources (read-tagging.ts)
// when it holds the machine; otherwise (someone else's, not indexed yet, or no index) from one
// ListTagsForResource. Names not desired but with the environment's prefix are delete candidates
// when the index says they are ours, confirmed with a tag read (without an index: every one gets a
// tag read).
import {
  DescribeStateMachineCommand,
  ListTagsForResourceCommand,
  paginateListStateMachines,
} from '@aws-sdk/client-sfn';
import type { ActualResource } from '../../planner/types.js';
import { isNotFound, unlessNotFound } from './errors.js';
import { found, tagRecord, type Reader } from './reader.js';
import type { OwnedIndex } from './read-tagging.js';

async function sfnTags(r: Reader, arn: string): Promise<Record<string, string> | undefined> {
  const out = await unlessNotFound(
    r.send('sfn:ListTagsForResource', () => r.clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }))),
  );
  return out && tagRecord(out.tags);
}

export async function readStateMachines(
  r: Reader,
  desired: string[],
  ownedIndex: Promise<OwnedIndex> = Promise.resolve(undefined),
): Promise<ActualResource[]> {
  const listed = new Map<string, string>();
  for await (const page of paginateListStateMachines({ client: r.clients.sfn, pageSize: 1000 }, {})) {
    r.count('sfn:ListStateMachines');
    for (const sm of page.stateMachines ?? [])
      if (sm.name && sm.stateMachineArn) listed.set(sm.name, sm.stateMachineArn);
  }
  const wanted = new Set(desired);
  const out: ActualResource[] = [];
  await Promise.all(
    [...listed].map(async ([name, arn]) => {
      if (wanted.has(name)) {
        try {
          const [d, tags] = await Promise.all([
            r.send('sfn:DescribeStateMachine', () =>
              r.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
            ),
            // The definition is read while the index pages in; only the tags wait for it.
            ownedIndex.then((index) => index?.get(arn) ?? sfnTags(r, arn)),
          ]);
          // A state machine being deleted still lists for a while; it cannot be updated.
          out.push(found(r, 'stateMachine', name, { ...d }, tags ?? {}, { arn, status: d.status }));
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      } else if (r.mayBeOurs(name)) {
        const index = await ownedIndex;
        if (index && !index.has(arn)) return; // not ours as far as the index knows (read-tagging.ts)
        const tags = await sfnTags(r, arn);
        if (tags && r.isOwned(tags)) out.push(found(r, 'stateMachine', name, {}, tags, { arn }));
      }
    }),
  );
  return out;
}
