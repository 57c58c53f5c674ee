CREATE TABLE contact (
    id integer PRIMARY KEY,
    name text NOT NULL,
    phone text                    -- as the customer typed it; may be NULL
);
