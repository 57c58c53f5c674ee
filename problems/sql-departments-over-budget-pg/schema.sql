CREATE TABLE employee (
    id integer PRIMARY KEY,
    name text NOT NULL,
    department text,              -- NULL while the employee is not assigned
    salary integer NOT NULL
);
