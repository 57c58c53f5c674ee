CREATE TABLE sale (
    id integer PRIMARY KEY,
    sold_at timestamp NOT NULL,
    amount numeric(10, 2) NOT NULL CHECK (amount >= 0)
);
