SELECT d::date AS day,
       (SELECT COUNT(*) FROM sale WHERE sold_at::date = d::date) AS sales,
       (SELECT COALESCE(SUM(amount), 0) FROM sale WHERE sold_at::date = d::date) AS revenue
FROM (SELECT MIN(sold_at)::date AS first_day, MAX(sold_at)::date AS last_day FROM sale) AS bounds,
     generate_series(bounds.first_day, bounds.last_day, interval '1 day') AS d
ORDER BY 1;
