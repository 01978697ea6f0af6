-- hits_by_domain_and_groupid: page hits per domain and group id in one hour of raw hits.
-- Spark SQL, run on Glue by glue-scripts/lakeops_sql_runner.py (locally on DuckDB).
-- Parameters (Spark named parameter markers, bound by spark.sql(sql, args=...)):
--   :target_hour     the hour to aggregate (a backfill), or '' when not given;
--   :scheduled_time  the schedule's time, or ''; the hour BEFORE it is aggregated.
-- The output is partitioned by year/month/day/hour and overwrites only that hour's partition.
WITH hits AS (
  -- Only the files of the target hour are read: the filter compares the partition columns
  -- themselves with constants (the parameters are literals), so Spark prunes the partitions and
  -- DuckDB the Hive folders. Wrapping a partition column in a function or cast (make_timestamp,
  -- CAST(r.hour AS INT)) would hide it from both, and every run would scan the whole history.
  -- The folders are zero-padded (hour=06); Spark may infer them as integers, and then compares
  -- each against the string as an integer, so '06' matches 6 as well.
  SELECT
    r.*,
    make_timestamp(CAST(r.year AS INT), CAST(r.month AS INT), CAST(r.day AS INT), CAST(r.hour AS INT), 0, 0)
      AS hour_start
  FROM raw_data AS r
  WHERE r.year = date_format(COALESCE(
          CAST(NULLIF(:target_hour, '') AS TIMESTAMP),
          CAST(NULLIF(:scheduled_time, '') AS TIMESTAMP) - INTERVAL 1 HOUR), 'yyyy')
    AND r.month = date_format(COALESCE(
          CAST(NULLIF(:target_hour, '') AS TIMESTAMP),
          CAST(NULLIF(:scheduled_time, '') AS TIMESTAMP) - INTERVAL 1 HOUR), 'MM')
    AND r.day = date_format(COALESCE(
          CAST(NULLIF(:target_hour, '') AS TIMESTAMP),
          CAST(NULLIF(:scheduled_time, '') AS TIMESTAMP) - INTERVAL 1 HOUR), 'dd')
    AND r.hour = date_format(COALESCE(
          CAST(NULLIF(:target_hour, '') AS TIMESTAMP),
          CAST(NULLIF(:scheduled_time, '') AS TIMESTAMP) - INTERVAL 1 HOUR), 'HH')
)
SELECT
  Domain AS domain, GroupID AS group_id,
  count(*) AS hits,
  hour_start,
  year(hour_start) AS year,
  month(hour_start) AS month,
  dayofmonth(hour_start) AS day,
  hour(hour_start) AS hour
FROM hits
GROUP BY Domain, GroupID, hour_start
