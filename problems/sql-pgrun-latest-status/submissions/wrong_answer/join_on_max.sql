-- Every event at the latest instant: a tie gives a ticket two rows.
SELECT e.ticket_id, e.status, e.at
FROM ticket_event AS e
JOIN (SELECT ticket_id, max(at) AS at FROM ticket_event GROUP BY ticket_id) AS latest USING (ticket_id, at)
ORDER BY e.ticket_id;
