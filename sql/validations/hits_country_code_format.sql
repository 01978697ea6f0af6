-- Country codes that are not two upper-case letters (ISO 3166-1 alpha-2). Zero rows passes.
SELECT country_code, sum(hits) AS hits
FROM hits_by_country
WHERE country_code IS NULL OR NOT regexp_like(country_code, '^[A-Z]{2}$')
GROUP BY country_code
