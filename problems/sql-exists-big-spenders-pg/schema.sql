CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    country text
);

CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    amount numeric(10, 2) NOT NULL
);
