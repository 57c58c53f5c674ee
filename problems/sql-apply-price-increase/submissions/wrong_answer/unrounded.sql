-- Never rounds: stores fractions of a cent as REAL values.
UPDATE product
SET price_cents = price_cents * 1.15
WHERE category_id = (SELECT id FROM category WHERE name = 'Toys');
