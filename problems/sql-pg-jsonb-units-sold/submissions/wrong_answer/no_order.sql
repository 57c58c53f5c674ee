SELECT item ->> 'sku' AS sku,
       SUM(COALESCE((item ->> 'qty')::int, 1)) AS units,
       COUNT(DISTINCT e.id) AS purchases
FROM event AS e
CROSS JOIN LATERAL jsonb_array_elements(e.payload -> 'items') AS item
WHERE e.payload @> '{"type": "purchase"}'
  AND NOT e.payload @> '{"test": true}'
GROUP BY item ->> 'sku';
