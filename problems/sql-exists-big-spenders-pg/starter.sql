-- Customers with at least one order of more than 500: id and name.
SELECT id, name
FROM customer;
