CREATE TABLE orders (
    id integer PRIMARY KEY,
    placed_at timestamp NOT NULL,
    amount numeric(10, 2) NOT NULL
);
