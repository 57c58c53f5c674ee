CREATE TABLE ticket (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'pending', 'closed', 'stale')),
    last_activity timestamp NOT NULL,
    closed_at timestamp
);
