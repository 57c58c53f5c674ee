SELECT p.id, p.name
FROM product AS p
WHERE NOT EXISTS (SELECT 1 FROM order_item AS oi WHERE oi.product_id = p.id);
