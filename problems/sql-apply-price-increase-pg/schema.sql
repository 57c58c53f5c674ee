CREATE TABLE category (
    id integer PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE product (
    id integer PRIMARY KEY,
    name text NOT NULL,
    category_id integer,          -- category.id; NULL for an uncategorised product
    price_cents bigint NOT NULL CHECK (price_cents >= 0)  -- the price in whole cents
);
