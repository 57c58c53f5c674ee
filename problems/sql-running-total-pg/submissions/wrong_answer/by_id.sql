-- Accumulates in id order, which is not date order for late entries.
SELECT account_id, id AS txn_id, txn_date, amount,
       SUM(amount) OVER (PARTITION BY account_id ORDER BY id) AS running_total
FROM txn
WHERE kind = 'deposit'
ORDER BY account_id, txn_date, txn_id;
