CREATE TABLE contact (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,                   -- may be NULL
    phone text                    -- may be NULL
);
