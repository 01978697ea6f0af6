-- Local stand-in for ml-lab-notebook-job (FindMatches needs AWS). Spark SQL.
-- Two rows are the same customer when their email addresses match after trimming and lower-casing,
-- or, for rows without an email, when their full names match the same way. One row per customer
-- is kept (the lowest customer id); match_id names the group, as FindMatches' output column does.
-- glue-scripts/ml_lab_dedup.py applies the same rule when it runs without a transform id.
WITH normalised AS (
  SELECT
    c.*,
    COALESCE(
      NULLIF(lower(trim(c.c_email_address)), ''),
      concat('name:', lower(trim(c.c_full_name)))
    ) AS match_key
  FROM top_customers AS c
), ranked AS (
  SELECT
    n.*,
    min(n.c_customer_id) OVER (PARTITION BY n.match_key) AS match_id,
    row_number() OVER (PARTITION BY n.match_key ORDER BY n.c_customer_id) AS rank_in_match
  FROM normalised AS n
)
SELECT
  c_customer_id,
  c_first_name,
  c_last_name,
  trim(c_full_name) AS c_full_name,
  NULLIF(lower(trim(c_email_address)), '') AS c_email_address,
  c_birth_country,
  c_birth_year,
  c_signup_date,
  c_lifetime_value,
  match_id
FROM ranked
WHERE rank_in_match = 1
