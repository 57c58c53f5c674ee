UPDATE product
SET price_cents = round(price_cents * 1.15)
WHERE category_id = (SELECT id FROM category WHERE name = 'Toys');
