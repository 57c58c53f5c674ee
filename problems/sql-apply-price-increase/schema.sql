CREATE TABLE category (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    category_id INTEGER,          -- category.id; NULL for an uncategorised product
    price_cents INTEGER NOT NULL  -- the price in whole cents, never negative
);
