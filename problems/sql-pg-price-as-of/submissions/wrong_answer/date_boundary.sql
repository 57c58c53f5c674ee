-- '2024-02-29' as a timestamp is midnight at the START of the day: changes later that day are
-- left out.
SELECT DISTINCT ON (product_id) product_id, price, changed_at
FROM price_change
WHERE changed_at <= '2024-02-29'
ORDER BY product_id, changed_at DESC;
