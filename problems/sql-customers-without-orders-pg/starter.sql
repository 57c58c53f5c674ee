-- Customers with no order at all: id and name.
SELECT id, name
FROM customer;
