-- The three aggregations partition the same hits, so per hour their totals must be equal and all
-- three must exist. Returns the hours where they disagree. Zero rows passes.
WITH totals AS (
  SELECT 'hits_by_country' AS aggregation,
         CAST(year AS integer) AS year, CAST(month AS integer) AS month,
         CAST(day AS integer) AS day, CAST(hour AS integer) AS hour, sum(hits) AS hits
  FROM hits_by_country
  GROUP BY 2, 3, 4, 5
  UNION ALL
  SELECT 'hits_by_domain_and_groupid',
         CAST(year AS integer), CAST(month AS integer),
         CAST(day AS integer), CAST(hour AS integer), sum(hits)
  FROM hits_by_domain_and_groupid
  GROUP BY 2, 3, 4, 5
  UNION ALL
  SELECT 'hits_by_useragent',
         CAST(year AS integer), CAST(month AS integer),
         CAST(day AS integer), CAST(hour AS integer), sum(hits)
  FROM hits_by_useragent
  GROUP BY 2, 3, 4, 5
)
SELECT year, month, day, hour,
       count(*) AS aggregations, min(hits) AS min_total, max(hits) AS max_total
FROM totals
GROUP BY year, month, day, hour
HAVING count(*) <> 3 OR min(hits) <> max(hits)
