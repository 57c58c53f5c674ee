CREATE TABLE employee (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    email TEXT,                   -- NULL when unknown
    phone TEXT                    -- NULL when unknown
);
