-- sales-by-country: orders and revenue per country, counting orders whose total is at least
-- :min_total (Spark SQL). The JSONata state machine passes its threshold variable as --min_total.
SELECT
  country,
  COUNT(*) AS orders,
  ROUND(SUM(total_amount), 2) AS revenue
FROM sales
WHERE total_amount >= CAST(:min_total AS DOUBLE)
GROUP BY country
