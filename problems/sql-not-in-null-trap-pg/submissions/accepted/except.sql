SELECT id, name FROM product
EXCEPT
SELECT p.id, p.name
FROM product AS p
JOIN order_item AS oi ON oi.product_id = p.id;
