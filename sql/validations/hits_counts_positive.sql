-- Groups with a zero or negative (or missing) hit count, in any of the three aggregations.
-- Zero rows passes.
SELECT 'hits_by_country' AS aggregation,
       CAST(year AS integer) AS year, CAST(month AS integer) AS month,
       CAST(day AS integer) AS day, CAST(hour AS integer) AS hour, hits
FROM hits_by_country WHERE hits IS NULL OR hits <= 0
UNION ALL
SELECT 'hits_by_domain_and_groupid',
       CAST(year AS integer), CAST(month AS integer), CAST(day AS integer), CAST(hour AS integer), hits
FROM hits_by_domain_and_groupid WHERE hits IS NULL OR hits <= 0
UNION ALL
SELECT 'hits_by_useragent',
       CAST(year AS integer), CAST(month AS integer), CAST(day AS integer), CAST(hour AS integer), hits
FROM hits_by_useragent WHERE hits IS NULL OR hits <= 0
