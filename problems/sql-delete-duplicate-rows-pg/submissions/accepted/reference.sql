DELETE FROM contact
WHERE id NOT IN (
    SELECT MIN(id)
    FROM contact
    GROUP BY name, email, phone
);
