-- Products that no order line mentions: id and name.
SELECT id, name
FROM product;
