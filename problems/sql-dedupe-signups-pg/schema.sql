CREATE TABLE signup (
    id integer PRIMARY KEY,
    email text NOT NULL,
    signed_up_at timestamp NOT NULL,
    source text                   -- where the signup came from; may be NULL
);
