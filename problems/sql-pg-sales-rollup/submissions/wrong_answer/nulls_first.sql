-- Puts the subtotals before their products and the grand total first (SQLite's NULL order).
SELECT region, product, COALESCE(SUM(amount), 0) AS total
FROM sale
GROUP BY ROLLUP (region, product)
ORDER BY region NULLS FIRST, product NULLS FIRST;
