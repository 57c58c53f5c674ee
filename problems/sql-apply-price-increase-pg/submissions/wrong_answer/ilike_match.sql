-- ILIKE ignores case: the category 'toys' is raised too.
UPDATE product
SET price_cents = round(price_cents * 1.15)
WHERE category_id IN (SELECT id FROM category WHERE name ILIKE 'toys');
