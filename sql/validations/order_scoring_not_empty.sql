-- Returns a row (a violation) when category_totals holds no category at all.
SELECT 'no categories' AS problem
FROM (SELECT COUNT(*) AS n FROM category_totals) t
WHERE t.n = 0
