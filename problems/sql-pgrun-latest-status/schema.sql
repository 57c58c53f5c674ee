CREATE TABLE ticket_event (
    id integer PRIMARY KEY,
    ticket_id integer NOT NULL,
    status text NOT NULL,
    at timestamptz NOT NULL
);
