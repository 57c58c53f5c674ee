SELECT DISTINCT strftime('%Y-%m', o.ordered_at) AS month,
       (SELECT SUM(x.amount) FROM orders AS x
        WHERE strftime('%Y-%m', x.ordered_at) = strftime('%Y-%m', o.ordered_at)) AS revenue
FROM orders AS o;
