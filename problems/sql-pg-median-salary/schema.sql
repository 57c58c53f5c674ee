CREATE TABLE employee (
    id integer PRIMARY KEY,
    name text NOT NULL,
    department text NOT NULL,
    salary integer               -- NULL while the salary is not yet known
);
