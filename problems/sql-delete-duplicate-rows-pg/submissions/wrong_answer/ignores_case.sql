-- Compares ignoring case, which merges rows that differ only in capitalisation.
DELETE FROM contact
WHERE id NOT IN (
    SELECT MIN(id)
    FROM contact
    GROUP BY lower(name), lower(email), phone
);
