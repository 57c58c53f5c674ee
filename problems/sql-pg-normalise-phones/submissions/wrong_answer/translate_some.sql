-- translate removes only the characters listed: dots, slashes, '+' and letters stay in.
SELECT id, name, right(digits, 10) AS phone
FROM (SELECT id, name, translate(phone, '()- ', '') AS digits
      FROM contact) AS c
WHERE digits ~ '^1?[0-9]{10}$';
