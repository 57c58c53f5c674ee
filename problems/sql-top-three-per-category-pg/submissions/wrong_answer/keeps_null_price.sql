-- Forgets the unpriced products: in PostgreSQL NULL sorts first in descending order, so an
-- unpriced product takes first place in its category.
WITH ranked AS (
    SELECT id, category, name, price,
           RANK() OVER (PARTITION BY category ORDER BY price DESC) AS place
    FROM product
)
SELECT category, name, price
FROM ranked
WHERE place <= 3
ORDER BY category, price DESC, name, id;
