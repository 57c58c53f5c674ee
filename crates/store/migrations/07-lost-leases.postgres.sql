-- Version 7 on PostgreSQL: 07-lost-leases.sql in PostgreSQL's types.
ALTER TABLE submissions ADD COLUMN lost_leases BIGINT NOT NULL DEFAULT 0;
