-- IS DISTINCT FROM where IS NOT DISTINCT FROM was meant: deletes rows that differ.
DELETE FROM contact AS c
USING contact AS older
WHERE older.id < c.id
  AND older.name = c.name
  AND older.email IS DISTINCT FROM c.email
  AND older.phone IS NOT DISTINCT FROM c.phone;
