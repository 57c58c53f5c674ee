CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    order_date date NOT NULL,
    amount integer NOT NULL       -- in cents
);
