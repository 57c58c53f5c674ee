-- Totals per region and product, a subtotal per region, and a grand total.
SELECT region, product, SUM(amount) AS total
FROM sale
GROUP BY region, product;
