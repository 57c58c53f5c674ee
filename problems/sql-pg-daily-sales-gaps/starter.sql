-- One row per day from the first sale to the last, quiet days included.
SELECT sold_at::date AS day, COUNT(*) AS sales, SUM(amount) AS revenue
FROM sale
GROUP BY sold_at::date;
