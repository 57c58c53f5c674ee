CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id),
    status text NOT NULL CHECK (status IN ('placed', 'shipped', 'delivered', 'cancelled')),
    amount numeric(10, 2) NOT NULL CHECK (amount >= 0)
);
