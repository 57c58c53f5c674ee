-- floor() always rounds down.
UPDATE product
SET price_cents = floor(price_cents * 1.15)
WHERE category_id = (SELECT id FROM category WHERE name = 'Toys');
