-- The right products (fewer than three pricier ones in the category), in no fixed order.
SELECT p.category, p.name, p.price
FROM product AS p
WHERE p.price IS NOT NULL
  AND (SELECT COUNT(*)
       FROM product AS q
       WHERE q.category = p.category AND q.price > p.price) < 3;
