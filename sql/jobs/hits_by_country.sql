-- hits_by_country: page hits per country in one hour of raw hits (Spark SQL, run by glue-scripts/lakeops_sql_runner.py).
-- Parameters (Spark named parameter markers, bound by spark.sql(sql, args=...)):
--   :target_hour     the hour to aggregate (a backfill), or '' when not given;
--   :scheduled_time  the schedule's time, or ''; the hour BEFORE it is aggregated.
-- The output is partitioned by year/month/day/hour and overwrites only that hour's partition.
WITH target AS (
  SELECT date_trunc(
           'HOUR',
           COALESCE(
             CAST(NULLIF(:target_hour, '') AS TIMESTAMP),
             CAST(NULLIF(:scheduled_time, '') AS TIMESTAMP) - INTERVAL 1 HOUR
           )
         ) AS hour_start
), hits AS (
  -- Partition columns may be read as strings ('05') or integers (5): compare them as integers.
  SELECT r.*, t.hour_start
  FROM raw_data AS r
  CROSS JOIN target AS t
  WHERE CAST(r.year AS INT) = year(t.hour_start)
    AND CAST(r.month AS INT) = month(t.hour_start)
    AND CAST(r.day AS INT) = dayofmonth(t.hour_start)
    AND CAST(r.hour AS INT) = hour(t.hour_start)
)
SELECT
  CountryCode AS country_code,
  count(*) AS hits,
  hour_start,
  year(hour_start) AS year,
  month(hour_start) AS month,
  dayofmonth(hour_start) AS day,
  hour(hour_start) AS hour
FROM hits
GROUP BY CountryCode, hour_start
