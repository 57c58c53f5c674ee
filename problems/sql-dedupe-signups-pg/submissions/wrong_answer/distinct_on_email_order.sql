-- The right rows, but DISTINCT ON's ORDER BY starts with the email, so they come in email
-- order instead of time order.
SELECT DISTINCT ON (lower(email)) id, email, signed_up_at
FROM signup
ORDER BY lower(email), signed_up_at, id;
