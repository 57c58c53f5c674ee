CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer text NOT NULL,
    ordered_at timestamp NOT NULL,
    amount numeric(10, 2) NOT NULL
);
