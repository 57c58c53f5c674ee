CREATE TABLE account (
    id integer PRIMARY KEY,
    email text NOT NULL,
    created_at timestamp NOT NULL,            -- when the account was opened
    trial_days integer NOT NULL CHECK (trial_days >= 0)
);
