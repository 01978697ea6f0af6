-- Sales rows whose quantity is not positive or whose total is not quantity x unit price (to the
-- cent). Zero rows passes.
SELECT order_id, quantity, unit_price, total_amount
FROM sales
WHERE quantity IS NULL OR quantity <= 0
   OR total_amount IS NULL
   OR abs(CAST(total_amount AS double) - quantity * CAST(unit_price AS double)) > 0.01
