CREATE TABLE employee (
    id integer PRIMARY KEY,
    name text NOT NULL,
    department text NOT NULL,
    salary integer NOT NULL
);
