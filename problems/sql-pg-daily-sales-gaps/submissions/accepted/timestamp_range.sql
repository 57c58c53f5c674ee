SELECT d.day::date AS day, COUNT(s.id) AS sales, COALESCE(SUM(s.amount), 0) AS revenue
FROM generate_series((SELECT date_trunc('day', MIN(sold_at)) FROM sale),
                     (SELECT MAX(sold_at) FROM sale),
                     interval '1 day') AS d(day)
LEFT JOIN sale AS s ON s.sold_at >= d.day AND s.sold_at < d.day + interval '1 day'
GROUP BY d.day
ORDER BY d.day;
