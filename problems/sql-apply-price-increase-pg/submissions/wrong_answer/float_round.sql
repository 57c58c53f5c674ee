-- A double precision product: round() of a float rounds halves to even, and 1.15 as a float is
-- a little less than 1.15.
UPDATE product
SET price_cents = round(price_cents * 1.15::float8)
WHERE category_id = (SELECT id FROM category WHERE name = 'Toys');
