// Writes declared tables (planner/desired/tables.ts) with Glue CreateTable / UpdateTable /
// DeleteTable. UpdateTable replaces the whole TableInput: Parameters others set (Athena's
// transient_lastDdlTime, an Iceberg table's metadata_location) are carried over, and only the keys
// the previous deploy listed in lakeops:parameters are replaced. DeleteTable removes the catalog
// entry only; the data under the location stays (https://docs.aws.amazon.com/glue/latest/webapi/API_DeleteTable.html).
import {
  CreateTableCommand,
  DeleteTableCommand,
  GetTableCommand,
  UpdateTableCommand,
  type OpenTableFormatInput,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { TAG_ENV, TAG_PROJECT } from '../../model/environment.js';
import { MANAGED_PARAMETERS } from '../../planner/desired/tables.js';
import type { DesiredResource, PlannedChange } from '../../planner/types.js';
import { isAlreadyExists, unlessNotFound } from './errors.js';
import { OwnershipConflict, withoutUndefined, type KindWriter, type WriteContext } from './writer.js';

const isIceberg = (params: Record<string, string> | undefined) => params?.table_type?.toUpperCase() === 'ICEBERG';

/** Parameters after an update: others' kept, the keys lakeops set last time replaced by the desired ones. */
export function mergedParameters(
  current: Record<string, string> | undefined,
  desired: Record<string, string>,
): Record<string, string> {
  const previous = new Set((current?.[MANAGED_PARAMETERS] ?? '').split(',').filter(Boolean));
  const kept = Object.entries(current ?? {}).filter(([k]) => !previous.has(k) && !k.startsWith('lakeops:'));
  return { ...Object.fromEntries(kept), ...desired };
}

function tableInput(d: DesiredResource, current?: Table): TableInput {
  const s = d.spec as Record<string, unknown> & { Parameters: Record<string, string> };
  return withoutUndefined({
    Name: String(s.Name),
    Description: s.Description as string | undefined,
    TableType: s.TableType as string,
    Parameters: mergedParameters(current?.Parameters, s.Parameters),
    StorageDescriptor: s.StorageDescriptor as TableInput['StorageDescriptor'],
    PartitionKeys: s.PartitionKeys as TableInput['PartitionKeys'],
  });
}

/** An Iceberg table's input for UpdateTable: its current definition with our description and parameters. */
function icebergUpdateInput(d: DesiredResource, current: Table): TableInput {
  const s = d.spec as { Description?: string; Parameters: Record<string, string> };
  return withoutUndefined({
    Name: current.Name!,
    Description: s.Description,
    TableType: current.TableType,
    Parameters: mergedParameters(current.Parameters, s.Parameters),
    StorageDescriptor: current.StorageDescriptor,
    PartitionKeys: current.PartitionKeys,
  });
}

async function currentTable(ctx: WriteContext, db: string, name: string): Promise<Table | undefined> {
  const out = await ctx.clients.glue.send(new GetTableCommand({ DatabaseName: db, Name: name }));
  return out.Table;
}

async function update(d: DesiredResource, current: Table | undefined, c: PlannedChange | undefined, ctx: WriteContext) {
  const db = String(d.spec.DatabaseName);
  const iceberg = isIceberg(d.spec.Parameters as Record<string, string>);
  if (iceberg) {
    const schemaChanged = c?.change.diffs.some((x) => x.path.startsWith('StorageDescriptor.'));
    if (schemaChanged && c?.change.action === 'update' && !c.retag)
      throw new Error(
        `Iceberg table ${d.name}: its columns or location differ from the model; lakeops creates Iceberg tables but does not rewrite ` +
          'their Iceberg metadata: change the schema with ALTER TABLE in Athena, then match the model to it',
      );
    const table = current ?? (await currentTable(ctx, db, String(d.spec.Name)));
    await ctx.clients.glue.send(
      new UpdateTableCommand({ DatabaseName: db, TableInput: icebergUpdateInput(d, table!) }),
    );
    return;
  }
  await ctx.clients.glue.send(new UpdateTableCommand({ DatabaseName: db, TableInput: tableInput(d, current) }));
}

export const tableWriter: KindWriter = {
  async create(d, ctx) {
    const db = String(d.spec.DatabaseName);
    try {
      await ctx.clients.glue.send(
        new CreateTableCommand({
          DatabaseName: db,
          TableInput: tableInput(d),
          ...(d.spec.OpenTableFormatInput
            ? { OpenTableFormatInput: d.spec.OpenTableFormatInput as OpenTableFormatInput }
            : {}),
        }),
      );
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      // Created since the plan was read: ours only when it carries this environment's marks.
      const table = await currentTable(ctx, db, String(d.spec.Name));
      const p = table?.Parameters ?? {};
      if (p[TAG_PROJECT] !== ctx.env.project || p[TAG_ENV] !== ctx.env.name)
        throw new OwnershipConflict('table', d.name);
      await update(d, table, undefined, ctx);
    }
  },
  async update(d, a, c, ctx) {
    await update(d, a.extra?.table as Table | undefined, c, ctx);
  },
  async delete(a, ctx) {
    const dot = a.name.indexOf('.');
    await unlessNotFound(
      ctx.clients.glue.send(
        new DeleteTableCommand({ DatabaseName: a.name.slice(0, dot), Name: a.name.slice(dot + 1) }),
      ),
    );
  },
};
