-- ROUND of a floating-point product: some exact halves come out just below .5 and round down.
UPDATE product
SET price_cents = ROUND(price_cents * 1.15)
WHERE category_id = (SELECT id FROM category WHERE name = 'Toys');
