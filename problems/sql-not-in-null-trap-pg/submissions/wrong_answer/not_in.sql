SELECT id, name
FROM product
WHERE id NOT IN (SELECT product_id FROM order_item);
