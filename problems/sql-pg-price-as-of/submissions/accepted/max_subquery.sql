SELECT p.product_id, p.price, p.changed_at
FROM price_change AS p
WHERE p.changed_at = (SELECT MAX(q.changed_at)
                      FROM price_change AS q
                      WHERE q.product_id = p.product_id
                        AND q.changed_at < date '2024-02-29' + 1)
ORDER BY p.product_id;
