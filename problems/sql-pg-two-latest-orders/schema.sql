CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id),
    ordered_at timestamp NOT NULL,
    amount numeric(10, 2) NOT NULL
);
