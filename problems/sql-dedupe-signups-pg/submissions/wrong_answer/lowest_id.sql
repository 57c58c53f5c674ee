-- Keeps the lowest id, assuming ids follow time.
SELECT s.id, s.email, s.signed_up_at
FROM signup AS s
WHERE s.id IN (SELECT MIN(id) FROM signup GROUP BY lower(email))
ORDER BY s.signed_up_at, s.id;
