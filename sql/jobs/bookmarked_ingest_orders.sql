-- ingest-orders: the orders of the files this run reads (job bookmarks hand it only the files
-- landed since the last successful run), typed for Parquet. Spark SQL.
SELECT
  CAST(order_id AS STRING) AS order_id,
  CAST(order_date AS DATE) AS order_date,
  CAST(customer_id AS STRING) AS customer_id,
  CAST(product_category AS STRING) AS product_category,
  CAST(quantity AS INT) AS quantity,
  CAST(total_amount AS DECIMAL(12, 2)) AS total_amount,
  upper(CAST(country AS STRING)) AS country
FROM landed_orders
