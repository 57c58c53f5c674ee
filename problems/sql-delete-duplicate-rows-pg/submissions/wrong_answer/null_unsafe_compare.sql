-- Compares with =, which is never true for NULLs: duplicates with a NULL column survive.
DELETE FROM contact
WHERE EXISTS (
    SELECT 1
    FROM contact AS older
    WHERE older.name = contact.name
      AND older.email = contact.email
      AND older.phone = contact.phone
      AND older.id < contact.id
);
