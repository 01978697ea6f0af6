-- summarise-orders: orders of at least :min_quantity units, totalled per product category and
-- channel (Spark SQL). :min_quantity comes from the validator Lambda's answer.
SELECT
  product_category,
  channel,
  COUNT(*) AS orders,
  SUM(quantity) AS units,
  ROUND(SUM(total_amount), 2) AS revenue
FROM orders
WHERE quantity >= CAST(:min_quantity AS INT)
GROUP BY product_category, channel
