-- In to_char, MI is the minutes; MM is the month.
SELECT to_char(ordered_at, 'YYYY-MI') AS month, SUM(amount) AS revenue
FROM orders
GROUP BY month
ORDER BY month;
