-- Email addresses (trimmed, lower-cased) held by more than one deduplicated customer. Zero rows passes.
SELECT lower(trim(c_email_address)) AS email, count(*) AS customers
FROM ml_final_top_customers
WHERE c_email_address IS NOT NULL AND trim(c_email_address) <> ''
GROUP BY lower(trim(c_email_address))
HAVING count(*) > 1
