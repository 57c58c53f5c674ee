CREATE TABLE sale (
    id integer PRIMARY KEY,
    region text NOT NULL,
    product text NOT NULL,
    amount numeric(10, 2) NOT NULL CHECK (amount >= 0)
);
