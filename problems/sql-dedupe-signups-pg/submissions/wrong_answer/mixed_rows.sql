-- Separate MIN()s per column: the id, email and time can come from different rows.
SELECT MIN(id) AS id, MIN(email) AS email, MIN(signed_up_at) AS signed_up_at
FROM signup
GROUP BY lower(email)
ORDER BY signed_up_at, id;
