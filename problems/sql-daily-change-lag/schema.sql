CREATE TABLE sale (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,            -- 'YYYY-MM-DD'
    amount INTEGER NOT NULL       -- in cents; a refund is negative
);
