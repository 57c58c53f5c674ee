SELECT region, product, SUM(amount) AS total
FROM sale
GROUP BY region, product
UNION ALL
SELECT region, NULL, SUM(amount)
FROM sale
GROUP BY region
UNION ALL
SELECT NULL, NULL, COALESCE(SUM(amount), 0)
FROM sale
ORDER BY region NULLS LAST, product NULLS LAST;
