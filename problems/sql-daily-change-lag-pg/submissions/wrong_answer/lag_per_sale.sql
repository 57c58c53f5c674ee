-- LAG over single sales, then grouped: the change is taken from the wrong rows.
WITH changes AS (
    SELECT day, amount, amount - LAG(amount) OVER (ORDER BY day, id) AS diff
    FROM sale
)
SELECT day, SUM(amount) AS total, SUM(diff) AS change
FROM changes
GROUP BY day
ORDER BY day DESC;
