CREATE TABLE event (
    id integer PRIMARY KEY,
    occurred_at timestamp NOT NULL,
    payload jsonb NOT NULL
);
