SELECT p.id, p.name
FROM product AS p
LEFT JOIN order_item AS oi ON oi.product_id = p.id
GROUP BY p.id, p.name
HAVING COUNT(*) = 0;
