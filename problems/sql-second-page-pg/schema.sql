CREATE TABLE product (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price integer NOT NULL
);
