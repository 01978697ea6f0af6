-- The view groups by customer, so it can never have more rows than total_clicks has distinct
-- (name, email) pairs; a row here means the view's GROUP BY changed. Zero rows passes.
WITH view_rows AS (
  SELECT count(*) AS n FROM "tpc_customer_inter"
), customers AS (
  SELECT count(*) AS n
  FROM (SELECT DISTINCT "c_full_name", "c_email_address" FROM "total_clicks") AS d
)
SELECT v.n AS view_rows, c.n AS distinct_customers
FROM view_rows AS v CROSS JOIN customers AS c
WHERE v.n > c.n
