-- Returns one row when the deduplicated table is empty. Zero rows passes.
SELECT count(*) AS customers
FROM ml_final_top_customers
HAVING count(*) = 0
