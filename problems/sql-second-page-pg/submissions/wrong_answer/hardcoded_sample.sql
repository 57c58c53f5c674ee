SELECT id, name, price
FROM product
WHERE id IN (11, 5, 12, 1, 9)
ORDER BY price, id;
