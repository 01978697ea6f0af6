-- hits_by_useragent: page hits per user agent in one hour of raw hits.
-- Spark SQL, run on Glue by glue-scripts/lakeops_sql_runner.py (locally on DuckDB).
-- Parameters (Spark named parameter markers, bound by spark.sql(sql, args=...)):
--   :target_hour     the hour to aggregate (a backfill), or '' when not given;
--   :scheduled_time  the schedule's time, or ''; the hour BEFORE it is aggregated.
-- The output is partitioned by year/month/day/hour and overwrites only that hour's partition.
WITH hits AS (
  -- The hour each raw file belongs to, from its partition folders. Partition values may be read as
  -- strings ('05') or integers (5), hence the casts.
  SELECT
    r.*,
    make_timestamp(CAST(r.year AS INT), CAST(r.month AS INT), CAST(r.day AS INT), CAST(r.hour AS INT), 0, 0)
      AS hour_start
  FROM raw_data AS r
)
SELECT
  UserAgent AS user_agent,
  count(*) AS hits,
  hour_start,
  year(hour_start) AS year,
  month(hour_start) AS month,
  dayofmonth(hour_start) AS day,
  hour(hour_start) AS hour
FROM hits
-- The right side is a constant (parameters are literals), and the left side only reads partition
-- columns: Spark prunes partitions and reads the files of this one hour, not the whole history.
WHERE hour_start = date_trunc(
  'HOUR',
  COALESCE(
    CAST(NULLIF(:target_hour, '') AS TIMESTAMP),
    CAST(NULLIF(:scheduled_time, '') AS TIMESTAMP) - INTERVAL 1 HOUR
  )
)
GROUP BY UserAgent, hour_start
