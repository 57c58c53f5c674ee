CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    ordered_at TEXT NOT NULL,     -- 'YYYY-MM-DD HH:MM:SS'
    amount REAL NOT NULL
);
