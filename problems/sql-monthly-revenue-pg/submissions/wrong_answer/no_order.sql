SELECT DISTINCT to_char(o.ordered_at, 'YYYY-MM') AS month,
       (SELECT SUM(x.amount) FROM orders AS x
        WHERE to_char(x.ordered_at, 'YYYY-MM') = to_char(o.ordered_at, 'YYYY-MM')) AS revenue
FROM orders AS o;
