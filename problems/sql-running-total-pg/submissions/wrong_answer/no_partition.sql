-- Forgets PARTITION BY: one running total across all accounts.
SELECT account_id, id AS txn_id, txn_date, amount,
       SUM(amount) OVER (ORDER BY txn_date, id) AS running_total
FROM txn
WHERE kind = 'deposit'
ORDER BY account_id, txn_date, txn_id;
