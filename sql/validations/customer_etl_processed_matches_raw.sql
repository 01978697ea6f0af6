-- The summary's customer total must equal the number of distinct usable emails in the raw table
-- (the transform's filter and dedup rule). Returns both numbers when they differ. Zero rows passes.
-- Databases are named through ${...}: their names carry the environment's prefix.
WITH raw AS (
  SELECT count(DISTINCT lower(trim(c_email_address))) AS n
  FROM "${workshop_raw}"."customers"
  WHERE c_email_address IS NOT NULL
    AND lower(trim(c_email_address)) LIKE '%@%'
    AND TRY_CAST(c_signup_date AS date) IS NOT NULL
), processed AS (
  SELECT COALESCE(sum(customers), 0) AS n FROM "${workshop_processed}"."customer_summary"
)
SELECT raw.n AS raw_customers, processed.n AS summarised_customers
FROM raw CROSS JOIN processed
WHERE raw.n <> processed.n
