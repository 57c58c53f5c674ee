-- Page 2 (products 6 to 10) of the list sorted by price, then id.
SELECT id, name, price
FROM product;
