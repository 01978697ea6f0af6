-- Returns the two row counts when the curated sales table lost or gained rows compared with the
-- raw table. The databases are named through ${...} because their names carry the environment's
-- prefix. Zero rows passes.
WITH raw AS (
  SELECT count(*) AS n FROM "${byod_raw}"."sales"
), curated AS (
  SELECT count(*) AS n FROM "${byod_curated}"."sales"
)
SELECT raw.n AS raw_rows, curated.n AS curated_rows
FROM raw CROSS JOIN curated
WHERE raw.n <> curated.n
