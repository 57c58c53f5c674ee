SELECT id, name,
       CASE WHEN length(digits) = 11 THEN substr(digits, 2) ELSE digits END AS phone
FROM (SELECT id, name, regexp_replace(phone, '[^0-9]+', '', 'g') AS digits FROM contact) AS c
WHERE length(digits) = 10
   OR (length(digits) = 11 AND digits LIKE '1%');
