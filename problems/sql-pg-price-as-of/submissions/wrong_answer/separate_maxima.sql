-- MAX(price) and MAX(changed_at) come from different rows.
SELECT product_id, MAX(price) AS price, MAX(changed_at) AS changed_at
FROM price_change
WHERE changed_at < '2024-03-01'
GROUP BY product_id
ORDER BY product_id;
