CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER,          -- customer.id; NULL for a guest checkout
    ordered_at TEXT NOT NULL,     -- 'YYYY-MM-DD'
    amount INTEGER NOT NULL       -- in cents
);
