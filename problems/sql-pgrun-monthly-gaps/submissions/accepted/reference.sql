WITH months AS (
    SELECT generate_series(date_trunc('month', min(placed_at)), date_trunc('month', max(placed_at)), interval '1 month')
        AS month
    FROM orders
)
SELECT m.month::date AS month, count(o.id) AS orders, coalesce(sum(o.amount), 0) AS revenue
FROM months AS m
LEFT JOIN orders AS o ON date_trunc('month', o.placed_at) = m.month
GROUP BY m.month
ORDER BY m.month;
