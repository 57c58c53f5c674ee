CREATE TABLE login (
    id integer PRIMARY KEY,
    user_id integer NOT NULL,
    logged_in_at timestamp NOT NULL
);
