-- Reads FETCH as "up to row 10": it takes ten rows after the offset.
SELECT id, name, price
FROM product
ORDER BY price, id
OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY;
