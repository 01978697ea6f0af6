-- Summary rows with a non-positive customer count or a negative lifetime value. Zero rows passes.
SELECT country, signup_year, customers, total_lifetime_value, avg_lifetime_value
FROM customer_summary
WHERE customers <= 0
   OR total_lifetime_value < 0
   OR avg_lifetime_value < 0
