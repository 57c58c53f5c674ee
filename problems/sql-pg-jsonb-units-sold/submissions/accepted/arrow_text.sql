SELECT i.sku, SUM(COALESCE(i.qty, 1)) AS units, COUNT(DISTINCT e.id) AS purchases
FROM event AS e,
     jsonb_to_recordset(e.payload -> 'items') AS i(sku text, qty int)
WHERE e.payload ->> 'type' = 'purchase'
  AND (e.payload -> 'test') IS DISTINCT FROM 'true'::jsonb
GROUP BY i.sku
ORDER BY 2 DESC, 1;
