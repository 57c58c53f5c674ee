UPDATE product AS p
SET price_cents = (p.price_cents * 115 + 50) / 100
FROM category AS c
WHERE c.id = p.category_id
  AND c.name = 'Toys';
