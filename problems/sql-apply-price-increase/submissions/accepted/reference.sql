UPDATE product
SET price_cents = (price_cents * 115 + 50) / 100
WHERE category_id = (SELECT id FROM category WHERE name = 'Toys');
