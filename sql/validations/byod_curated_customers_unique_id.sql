-- Customer ids held by more than one curated customer row. Zero rows passes.
SELECT c_customer_id, count(*) AS rows_with_id
FROM customers
GROUP BY c_customer_id
HAVING count(*) > 1
