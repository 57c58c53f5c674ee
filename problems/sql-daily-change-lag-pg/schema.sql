CREATE TABLE sale (
    id integer PRIMARY KEY,
    day date NOT NULL,
    amount integer NOT NULL       -- in cents; a refund is negative
);
