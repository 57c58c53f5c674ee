-- Accepts the 11-digit numbers but keeps their leading 1.
SELECT id, name, digits AS phone
FROM (SELECT id, name, regexp_replace(phone, '[^0-9]', '', 'g') AS digits
      FROM contact) AS c
WHERE digits ~ '^1?[0-9]{10}$';
