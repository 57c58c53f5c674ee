-- The rows are right, but nothing at the top level fixes their order.
SELECT ticket_id, status, at
FROM (
    SELECT DISTINCT ON (ticket_id) ticket_id, status, at
    FROM ticket_event
    ORDER BY ticket_id, at DESC, id DESC
) AS latest;
