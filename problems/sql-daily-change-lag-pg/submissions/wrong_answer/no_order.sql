-- The right rows (the previous day found with subqueries), but in no fixed order.
WITH daily AS MATERIALIZED (
    SELECT day, SUM(amount) AS total
    FROM sale
    GROUP BY day
)
SELECT d.day, d.total,
       d.total - (SELECT p.total
                  FROM daily AS p
                  WHERE p.day = (SELECT MAX(q.day) FROM daily AS q WHERE q.day < d.day)) AS change
FROM daily AS d;
