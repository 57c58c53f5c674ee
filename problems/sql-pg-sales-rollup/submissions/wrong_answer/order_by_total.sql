SELECT region, product, COALESCE(SUM(amount), 0) AS total
FROM sale
GROUP BY ROLLUP (region, product)
ORDER BY region, total;
