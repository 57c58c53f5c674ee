CREATE TABLE employee (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    title TEXT,
    manager_id INTEGER  -- the id of this employee's direct manager; NULL for the CEO
);
