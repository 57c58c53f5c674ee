-- Without the 'g' flag regexp_replace removes only the first non-digit.
SELECT id, name, right(digits, 10) AS phone
FROM (SELECT id, name, regexp_replace(phone, '[^0-9]', '') AS digits
      FROM contact) AS c
WHERE digits ~ '^1?[0-9]{10}$';
