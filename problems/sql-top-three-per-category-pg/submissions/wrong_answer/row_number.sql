-- Exactly three per category: drops products that tie for third place.
WITH ranked AS (
    SELECT id, category, name, price,
           ROW_NUMBER() OVER (PARTITION BY category ORDER BY price DESC, name, id) AS place
    FROM product
    WHERE price IS NOT NULL
)
SELECT category, name, price
FROM ranked
WHERE place <= 3
ORDER BY category, price DESC, name, id;
