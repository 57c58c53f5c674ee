CREATE TABLE employee (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    manager_id INTEGER            -- the id of this employee's manager; NULL for none
);
