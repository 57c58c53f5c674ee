SELECT p.id, p.name, p.price
FROM product AS p
WHERE (SELECT COUNT(*)
       FROM product AS q
       WHERE q.price < p.price OR (q.price = p.price AND q.id < p.id)) BETWEEN 5 AND 9;
