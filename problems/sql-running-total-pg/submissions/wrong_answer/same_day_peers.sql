-- The default frame (RANGE) adds every deposit of the same date at once.
SELECT account_id, id AS txn_id, txn_date, amount,
       SUM(amount) OVER (PARTITION BY account_id ORDER BY txn_date) AS running_total
FROM txn
WHERE kind = 'deposit'
ORDER BY account_id, txn_date, txn_id;
