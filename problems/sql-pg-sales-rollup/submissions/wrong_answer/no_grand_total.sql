-- The grouping sets leave out the empty set (), which is the grand total.
SELECT region, product, SUM(amount) AS total
FROM sale
GROUP BY GROUPING SETS ((region, product), (region))
ORDER BY region, product;
