-- The right running totals (a correlated subquery), but in no fixed order.
SELECT t.account_id, t.id AS txn_id, t.txn_date, t.amount,
       (SELECT SUM(p.amount)
        FROM txn AS p
        WHERE p.kind = 'deposit'
          AND p.account_id = t.account_id
          AND (p.txn_date < t.txn_date OR (p.txn_date = t.txn_date AND p.id <= t.id))) AS running_total
FROM txn AS t
WHERE t.kind = 'deposit';
