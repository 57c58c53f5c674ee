CREATE TABLE employee (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    department TEXT,              -- NULL while the employee is not assigned
    salary INTEGER NOT NULL
);
