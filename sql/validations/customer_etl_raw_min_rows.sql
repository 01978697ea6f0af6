-- Returns the row count when the raw customers table has fewer rows than ? (the lab asks for
-- 100+ records). Zero rows passes.
SELECT count(*) AS raw_rows
FROM customers
HAVING count(*) < CAST(? AS bigint)
