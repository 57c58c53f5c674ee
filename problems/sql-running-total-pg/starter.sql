-- Every deposit with its account's cumulative deposits up to and including it.
SELECT account_id, id AS txn_id, txn_date, amount
FROM txn
WHERE kind = 'deposit';
