-- Revenue per month ('YYYY-MM'), earliest month first.
SELECT ordered_at, amount
FROM orders;
