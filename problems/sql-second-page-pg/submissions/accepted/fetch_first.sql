SELECT id, name, price
FROM product
ORDER BY price, id
OFFSET 5 ROWS FETCH NEXT 5 ROWS ONLY;
