-- Rows whose click count is negative or not a whole number. Zero rows passes.
SELECT "c_full_name", "c_email_address", "total_clicks"
FROM "total_clicks"
WHERE TRY_CAST("total_clicks" AS integer) IS NULL
   OR CAST("total_clicks" AS integer) < 0
