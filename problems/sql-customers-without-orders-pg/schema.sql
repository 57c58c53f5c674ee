CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text
);

CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,  -- may name a customer who is no longer in customer
    amount integer NOT NULL
);
