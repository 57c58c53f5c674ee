CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,                   -- may be NULL
    phone TEXT                    -- may be NULL
);
