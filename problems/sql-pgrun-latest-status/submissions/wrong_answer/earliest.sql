-- The first event of each ticket, not the last.
SELECT DISTINCT ON (ticket_id) ticket_id, status, at
FROM ticket_event
ORDER BY ticket_id, at, id;
