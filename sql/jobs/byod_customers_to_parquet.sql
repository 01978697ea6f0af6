-- customers-job: the raw customers CSV to typed columns for Parquet. Spark SQL.
SELECT
  CAST(c_customer_id AS STRING) AS c_customer_id,
  CAST(c_first_name AS STRING) AS c_first_name,
  CAST(c_last_name AS STRING) AS c_last_name,
  CAST(c_full_name AS STRING) AS c_full_name,
  CAST(c_email_address AS STRING) AS c_email_address,
  CAST(c_birth_country AS STRING) AS c_birth_country,
  CAST(c_birth_year AS INT) AS c_birth_year,
  CAST(c_signup_date AS DATE) AS c_signup_date,
  CAST(c_lifetime_value AS DECIMAL(12, 2)) AS c_lifetime_value
FROM customers
