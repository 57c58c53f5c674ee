-- integer * integer / integer stays integer: the division truncates instead of rounding.
UPDATE product
SET price_cents = price_cents * 115 / 100
WHERE category_id = (SELECT id FROM category WHERE name = 'Toys');
