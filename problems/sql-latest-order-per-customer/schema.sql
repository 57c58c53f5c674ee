CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    order_date TEXT NOT NULL,     -- 'YYYY-MM-DD'
    amount INTEGER NOT NULL       -- in cents
);
