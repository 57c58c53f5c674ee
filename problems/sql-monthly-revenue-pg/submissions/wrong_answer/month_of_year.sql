-- Groups by the month of the year alone: January 2023 and January 2024 are added together.
SELECT to_char(MIN(ordered_at), 'YYYY-MM') AS month, SUM(amount) AS revenue
FROM orders
GROUP BY extract(month FROM ordered_at)
ORDER BY month;
