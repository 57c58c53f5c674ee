-- LIKE ignores case and the pattern matches more names than 'Toys'.
UPDATE product
SET price_cents = (price_cents * 115 + 50) / 100
WHERE category_id IN (SELECT id FROM category WHERE name LIKE '%toys%');
