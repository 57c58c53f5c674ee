SELECT DISTINCT ON (product_id) product_id, price, changed_at
FROM price_change
WHERE changed_at < '2024-03-01'
ORDER BY product_id, changed_at DESC;
