DELETE FROM contact AS c
USING contact AS older
WHERE older.id < c.id
  AND older.name = c.name
  AND older.email IS NOT DISTINCT FROM c.email
  AND older.phone IS NOT DISTINCT FROM c.phone;
