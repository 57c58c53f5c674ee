CREATE TABLE employee (
    id integer PRIMARY KEY,
    name text NOT NULL,
    title text,
    manager_id integer  -- the id of this employee's direct manager; NULL for the CEO
);
