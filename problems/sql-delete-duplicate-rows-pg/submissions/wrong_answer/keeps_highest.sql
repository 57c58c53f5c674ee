-- Keeps the newest row of each group instead of the oldest.
DELETE FROM contact
WHERE id NOT IN (
    SELECT MAX(id)
    FROM contact
    GROUP BY name, email, phone
);
