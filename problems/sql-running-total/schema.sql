CREATE TABLE txn (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    txn_date TEXT NOT NULL,       -- 'YYYY-MM-DD'
    kind TEXT NOT NULL,           -- 'deposit' or 'withdrawal'
    amount INTEGER NOT NULL       -- in cents, always positive
);
