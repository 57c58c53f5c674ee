SELECT p.product_id, p.price, p.changed_at
FROM price_change AS p
WHERE p.changed_at < '2024-03-01'
  AND NOT EXISTS (SELECT 1 FROM price_change AS q
                  WHERE q.product_id = p.product_id
                    AND q.changed_at > p.changed_at
                    AND q.changed_at < '2024-03-01');
