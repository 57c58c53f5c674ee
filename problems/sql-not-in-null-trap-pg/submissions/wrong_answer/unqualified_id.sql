SELECT id, name
FROM product
WHERE NOT EXISTS (SELECT 1 FROM order_item WHERE product_id = id);
