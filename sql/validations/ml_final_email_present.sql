-- Deduplicated customers without an email address; they can only be matched by name. Zero rows passes.
SELECT c_customer_id, c_full_name
FROM ml_final_top_customers
WHERE c_email_address IS NULL OR trim(c_email_address) = ''
