-- Returns every order id ingested more than once. Zero rows passes.
SELECT order_id, count(*) AS copies
FROM "${bookmarked_ingest}"."orders"
GROUP BY order_id
HAVING count(*) > 1
