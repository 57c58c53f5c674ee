-- Ties on `at` go to the lowest id.
SELECT DISTINCT ON (ticket_id) ticket_id, status, at
FROM ticket_event
ORDER BY ticket_id, at DESC, id;
