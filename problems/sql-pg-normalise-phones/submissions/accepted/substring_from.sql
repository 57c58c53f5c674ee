-- substring(... from pattern) returns the part matched by the pattern's first group.
SELECT id, name, substring(regexp_replace(phone, '\D', '', 'g') from '^1?(\d{10})$') AS phone
FROM contact
WHERE regexp_replace(phone, '\D', '', 'g') ~ '^1?\d{10}$';
