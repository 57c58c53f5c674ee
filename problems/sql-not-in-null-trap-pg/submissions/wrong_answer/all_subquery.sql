-- <> ALL is NOT IN in other words: one NULL product_id makes it unknown for every product.
SELECT id, name
FROM product
WHERE id <> ALL (SELECT product_id FROM order_item);
