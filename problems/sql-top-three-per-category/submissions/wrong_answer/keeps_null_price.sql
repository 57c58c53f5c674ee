-- Forgets the unpriced products: NULL sorts last, so it makes the top three of a small category.
WITH ranked AS (
    SELECT id, category, name, price,
           RANK() OVER (PARTITION BY category ORDER BY price DESC) AS place
    FROM product
)
SELECT category, name, price
FROM ranked
WHERE place <= 3
ORDER BY category, price DESC, name, id;
