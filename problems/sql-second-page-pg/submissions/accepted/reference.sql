SELECT id, name, price
FROM product
ORDER BY price, id
LIMIT 5 OFFSET 5;
