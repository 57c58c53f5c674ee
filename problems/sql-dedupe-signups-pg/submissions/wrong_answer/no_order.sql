-- The right rows (no earlier signup of the same address exists), in no fixed order.
SELECT s.id, s.email, s.signed_up_at
FROM signup AS s
WHERE NOT EXISTS (
    SELECT 1
    FROM signup AS e
    WHERE lower(e.email) = lower(s.email)
      AND (e.signed_up_at < s.signed_up_at
           OR (e.signed_up_at = s.signed_up_at AND e.id < s.id))
);
