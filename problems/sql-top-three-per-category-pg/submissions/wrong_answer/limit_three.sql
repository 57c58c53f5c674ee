-- LIMIT 3 in the lateral subquery cuts ties for third place.
SELECT c.category, t.name, t.price
FROM (SELECT DISTINCT category FROM product) AS c
CROSS JOIN LATERAL (
    SELECT p.id, p.name, p.price
    FROM product AS p
    WHERE p.category = c.category AND p.price IS NOT NULL
    ORDER BY p.price DESC, p.name, p.id
    LIMIT 3
) AS t
ORDER BY c.category, t.price DESC, t.name, t.id;
