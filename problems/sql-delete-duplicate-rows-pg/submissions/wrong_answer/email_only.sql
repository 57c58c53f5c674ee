-- Treats rows with the same email as duplicates, whatever their name and phone.
DELETE FROM contact
WHERE id NOT IN (
    SELECT MIN(id)
    FROM contact
    GROUP BY email
);
