-- FILTER leaves withdrawals out of the sum, but their rows are still listed.
SELECT account_id, id AS txn_id, txn_date, amount,
       SUM(amount) FILTER (WHERE kind = 'deposit')
           OVER (PARTITION BY account_id ORDER BY txn_date, id) AS running_total
FROM txn
ORDER BY account_id, txn_date, txn_id;
