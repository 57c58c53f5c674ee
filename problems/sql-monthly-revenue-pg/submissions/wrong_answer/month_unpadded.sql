-- extract() gives numbers: '2024-1', not '2024-01' (and '2024-10' sorts before '2024-2').
SELECT extract(year FROM ordered_at) || '-' || extract(month FROM ordered_at) AS month,
       SUM(amount) AS revenue
FROM orders
GROUP BY 1
ORDER BY 1;
