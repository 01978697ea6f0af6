-- transform-customers (Spark SQL): three transformations of the raw customers.
--   1. filter: drop records without a usable email address or signup date, and exact duplicates
--      of an email (the first customer id wins);
--   2. type conversion: signup date string -> DATE, lifetime value -> DECIMAL, birth year -> INT,
--      country upper-cased with 'UNKNOWN' for a missing one;
--   3. aggregation: customers, total and average lifetime value per country and signup year.
WITH typed AS (
  SELECT
    c_customer_id,
    lower(trim(c_email_address)) AS email,
    COALESCE(upper(trim(c_birth_country)), 'UNKNOWN') AS country,
    CAST(c_signup_date AS DATE) AS signup_date,
    CAST(c_birth_year AS INT) AS birth_year,
    CAST(c_lifetime_value AS DECIMAL(12, 2)) AS lifetime_value
  FROM customers
), filtered AS (
  SELECT
    t.*,
    row_number() OVER (PARTITION BY t.email ORDER BY t.c_customer_id) AS nth_with_email
  FROM typed AS t
  WHERE t.email IS NOT NULL AND t.email LIKE '%@%' AND t.signup_date IS NOT NULL
)
SELECT
  country,
  count(*) AS customers,
  CAST(sum(lifetime_value) AS DECIMAL(14, 2)) AS total_lifetime_value,
  CAST(avg(lifetime_value) AS DECIMAL(12, 2)) AS avg_lifetime_value,
  min(birth_year) AS oldest_birth_year,
  year(signup_date) AS signup_year
FROM filtered
WHERE nth_with_email = 1
GROUP BY country, year(signup_date)
