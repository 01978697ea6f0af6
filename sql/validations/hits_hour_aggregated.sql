-- Returns the target hour when hits_by_country has no rows for it. Zero rows passes.
-- ? 1 = the run's target hour, ISO 8601 UTC (e.g. 2024-05-01T10:00:00Z);
-- ? 2-5 = its UTC year, month, day and hour as the partition folders hold them ('2024', '5', '1', '10').
-- Each partition column is compared with a value of its own, so Athena (which bills scanned bytes)
-- and DuckDB read only the partition of that hour. An expression over the columns, such as
-- CAST(hour AS integer) = hour(...), hides them from partition pruning and reads every hour.
SELECT date_trunc('hour', from_iso8601_timestamp(?)) AS missing_hour
FROM (
  SELECT count(*) AS aggregated_rows
  FROM hits_by_country
  WHERE year = ? AND month = ? AND day = ? AND hour = ?
) AS t
WHERE t.aggregated_rows = 0
