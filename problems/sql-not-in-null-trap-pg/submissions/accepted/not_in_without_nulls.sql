SELECT id, name
FROM product
WHERE id NOT IN (SELECT product_id FROM order_item WHERE product_id IS NOT NULL);
