// The plain-DuckDB contender of `npm run bench -- local`: what a user who knows DuckDB would write
// by hand for one run of hourly-hits — the three aggregations of one hour of raw hits, read from
// the same files (Hive folders, filtered on the partition columns) and written to the same three
// outputs (Parquet, Parquet, JSON lines, one partition per hour). Plain JavaScript on
// @duckdb/node-api, no lakeops code: the duckdb CLI is not installed on the benchmark machine, and
// this is the same engine, started fresh per run.
// Usage: node plain-duckdb.mjs <raw_data folder> <output folder> <hour, ISO 8601 UTC> [hour...]
// Several hours run one after another in the same process and database (a backfill written by
// hand as one DuckDB session: the strictest comparison for `lakeops backfill`, one process too).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [raw, out, ...hours] = process.argv.slice(2);
if (!raw || !out || !hours.length || hours.some((x) => Number.isNaN(Date.parse(x)))) {
  process.stderr.write('usage: node plain-duckdb.mjs <raw_data folder> <output folder> <hour ISO 8601> [hour...]\n');
  process.exit(2);
}
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const source = `read_json_auto(${q(join(raw, '*/*/*/*/*/*.json'))}, hive_partitioning = true)`;

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run(`SET TimeZone = 'UTC'`);
for (const hourIso of hours) {
  const h = new Date(hourIso);
  const [year, month, day, hour] = [h.getUTCFullYear(), h.getUTCMonth() + 1, h.getUTCDate(), h.getUTCHours()];
  const part = `year=${year}/month=${month}/day=${day}/hour=${hour}`;
  const where = `WHERE year = ${year} AND month = ${month} AND day = ${day} AND hour = ${hour}`;
  const hourCols = `TIMESTAMP ${q(h.toISOString().slice(0, 19).replace('T', ' '))} AS hour_start, ${year} AS year, ${month} AS month, ${day} AS day, ${hour} AS hour`;
  for (const [name, keys, names, format] of [
    ['hits_by_country', 'CountryCode', 'CountryCode AS country_code', 'parquet'],
    ['hits_by_domain_and_groupid', 'Domain, GroupID', 'Domain AS domain, GroupID AS group_id', 'parquet'],
    ['hits_by_useragent', 'UserAgent', 'UserAgent AS user_agent', 'json'],
  ]) {
    // Overwrite this hour's partition only, as the pipeline does.
    const dir = join(out, name, part);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await conn.run(
      `COPY (SELECT ${names}, count(*) AS hits, ${hourCols} FROM ${source} ${where} GROUP BY ${keys}) ` +
        `TO ${q(join(dir, `part-0.${format}`))} (FORMAT ${format.toUpperCase()})`,
    );
  }
}
conn.closeSync();
