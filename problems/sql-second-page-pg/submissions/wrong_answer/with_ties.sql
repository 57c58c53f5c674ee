-- WITH TIES adds every product that ties with the page's last one on price.
SELECT id, name, price
FROM product
ORDER BY price
OFFSET 5 ROWS FETCH NEXT 5 ROWS WITH TIES;
