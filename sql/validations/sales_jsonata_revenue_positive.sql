-- Countries whose revenue is not positive (violations).
SELECT country, revenue
FROM sales_by_country
WHERE revenue IS NULL OR revenue <= 0
