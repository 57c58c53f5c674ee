CREATE TABLE signup (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    signed_up_at TEXT NOT NULL,   -- 'YYYY-MM-DD HH:MM:SS'
    source TEXT                   -- where the signup came from; may be NULL
);
