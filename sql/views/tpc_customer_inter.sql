-- Athena view tpc_customer_inter (seed 000): the top customers by their number of clicks.
-- The body of the view; lakeops creates it with CREATE OR REPLACE VIEW "tpc_customer_inter" AS ...
SELECT
  "c_full_name"
, "c_email_address"
, "sum"(CAST("total_clicks" AS integer)) total_clicks
FROM
  "total_clicks"
GROUP BY 1, 2
ORDER BY 3 DESC
