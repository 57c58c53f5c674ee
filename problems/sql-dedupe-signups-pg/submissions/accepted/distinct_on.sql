SELECT id, email, signed_up_at
FROM (
    SELECT DISTINCT ON (lower(email)) id, email, signed_up_at
    FROM signup
    ORDER BY lower(email), signed_up_at, id
) AS first_signup
ORDER BY signed_up_at, id;
