CREATE TABLE price_change (
    id integer PRIMARY KEY,
    product_id integer NOT NULL,
    changed_at timestamp NOT NULL,     -- when the new price took effect
    price numeric(8, 2) NOT NULL,
    UNIQUE (product_id, changed_at)
);
