-- Units sold and purchases per SKU, from real (not test) purchase events.
SELECT id, payload -> 'items' AS items
FROM event
WHERE payload ->> 'type' = 'purchase';
