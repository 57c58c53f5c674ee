SELECT p.id, p.name
FROM product AS p
LEFT JOIN order_item AS oi ON oi.product_id = p.id
WHERE oi.id IS NULL;
