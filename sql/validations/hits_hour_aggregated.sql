-- Returns the target hour when hits_by_country has no rows for it. Zero rows passes.
-- ? = the run's target hour, ISO 8601 UTC (e.g. 2024-05-01T10:00:00Z).
WITH target AS (
  SELECT date_trunc('hour', from_iso8601_timestamp(?)) AS hour_start
)
SELECT t.hour_start AS missing_hour
FROM target AS t
LEFT JOIN hits_by_country AS c
  ON CAST(c.year AS integer) = year(t.hour_start)
 AND CAST(c.month AS integer) = month(t.hour_start)
 AND CAST(c.day AS integer) = day(t.hour_start)
 AND CAST(c.hour AS integer) = hour(t.hour_start)
GROUP BY t.hour_start
HAVING count(c.hits) = 0
