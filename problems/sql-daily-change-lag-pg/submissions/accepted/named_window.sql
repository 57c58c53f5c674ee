SELECT day, SUM(amount) AS total,
       SUM(amount) - LAG(SUM(amount)) OVER w AS change
FROM sale
GROUP BY day
WINDOW w AS (ORDER BY day)
ORDER BY day DESC;
