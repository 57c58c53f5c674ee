CREATE TABLE product (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price integer NOT NULL
);

CREATE TABLE order_item (
    id integer PRIMARY KEY,
    order_id integer NOT NULL,
    product_id integer,           -- NULL for a custom item that is not in the catalogue
    quantity integer NOT NULL
);
