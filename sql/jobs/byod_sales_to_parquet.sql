-- sales-job: the raw sales CSV (all strings as the crawler may type them) to typed columns for
-- Parquet. Spark SQL. Partitioned by the order's year and month.
SELECT
  CAST(order_id AS STRING) AS order_id,
  CAST(order_date AS DATE) AS order_date,
  CAST(customer_id AS STRING) AS customer_id,
  CAST(product_id AS STRING) AS product_id,
  CAST(product_category AS STRING) AS product_category,
  CAST(quantity AS INT) AS quantity,
  CAST(unit_price AS DECIMAL(10, 2)) AS unit_price,
  CAST(total_amount AS DECIMAL(12, 2)) AS total_amount,
  upper(CAST(country AS STRING)) AS country,
  CAST(channel AS STRING) AS channel,
  year(CAST(order_date AS DATE)) AS year,
  month(CAST(order_date AS DATE)) AS month
FROM sales
