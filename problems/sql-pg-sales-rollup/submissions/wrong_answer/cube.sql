-- CUBE also adds a total per product across all regions.
SELECT region, product, COALESCE(SUM(amount), 0) AS total
FROM sale
GROUP BY CUBE (region, product)
ORDER BY region, product;
