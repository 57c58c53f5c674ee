CREATE TABLE product (
    id integer PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL,
    price numeric(8, 2)          -- NULL while the product has no price yet
);
