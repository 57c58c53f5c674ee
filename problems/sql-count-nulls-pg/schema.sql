CREATE TABLE employee (
    id integer PRIMARY KEY,
    name text NOT NULL,
    department text NOT NULL,
    email text,                   -- NULL when unknown
    phone text                    -- NULL when unknown
);
