-- price_cents * 1.15 is numeric; storing it in an integer column rounds it (halves away from
-- zero), which is what the statement asks for.
UPDATE product
SET price_cents = price_cents * 1.15
WHERE category_id IN (SELECT id FROM category WHERE name = 'Toys');
