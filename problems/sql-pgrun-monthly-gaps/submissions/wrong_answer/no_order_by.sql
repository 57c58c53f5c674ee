-- The rows are right, but nothing at the top level fixes their order.
SELECT month, orders, revenue
FROM (
    SELECT m.month::date AS month, count(o.id) AS orders, coalesce(sum(o.amount), 0) AS revenue
    FROM generate_series(
        (SELECT date_trunc('month', min(placed_at)) FROM orders),
        (SELECT date_trunc('month', max(placed_at)) FROM orders),
        interval '1 month') AS m (month)
    LEFT JOIN orders AS o ON date_trunc('month', o.placed_at) = m.month
    GROUP BY m.month
    ORDER BY m.month
) AS by_month;
