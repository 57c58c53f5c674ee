-- DELETE ... USING with = : a NULL email or phone never equals anything, so those duplicates stay.
DELETE FROM contact AS c
USING contact AS older
WHERE older.id < c.id
  AND older.name = c.name
  AND older.email = c.email
  AND older.phone = c.phone;
