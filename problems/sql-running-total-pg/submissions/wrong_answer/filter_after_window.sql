-- Filters deposits only after the window: withdrawals are summed in too.
SELECT account_id, txn_id, txn_date, amount, running_total
FROM (
    SELECT account_id, id AS txn_id, txn_date, amount, kind,
           SUM(amount) OVER (PARTITION BY account_id ORDER BY txn_date, id) AS running_total
    FROM txn
) AS t
WHERE kind = 'deposit'
ORDER BY account_id, txn_date, txn_id;
