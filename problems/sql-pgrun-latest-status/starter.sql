-- Each ticket's latest event (ties on `at`: the highest id).
SELECT ticket_id, status, at
FROM ticket_event;
