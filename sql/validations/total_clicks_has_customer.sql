-- Click rows that cannot be attributed to a customer. Zero rows passes.
SELECT *
FROM "total_clicks"
WHERE "c_full_name" IS NULL OR trim("c_full_name") = ''
   OR "c_email_address" IS NULL OR trim("c_email_address") = ''
