-- ingest-customers: the source CSV export, unchanged but for column order, into the raw zone as
-- Parquet (Spark SQL). The raw zone keeps the source's values; cleaning happens in the transform.
SELECT
  c_customer_id,
  c_first_name,
  c_last_name,
  c_full_name,
  c_email_address,
  c_birth_country,
  c_birth_year,
  c_signup_date,
  c_lifetime_value
FROM source_customers
