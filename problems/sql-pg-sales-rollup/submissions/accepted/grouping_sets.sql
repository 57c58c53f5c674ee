SELECT region, product, COALESCE(SUM(amount), 0) AS total
FROM sale
GROUP BY GROUPING SETS ((region, product), (region), ())
ORDER BY GROUPING(region), region, GROUPING(product), product;
