CREATE TABLE txn (
    id integer PRIMARY KEY,
    account_id integer NOT NULL,
    txn_date date NOT NULL,
    kind text NOT NULL CHECK (kind IN ('deposit', 'withdrawal')),
    amount integer NOT NULL CHECK (amount > 0)   -- in cents
);
