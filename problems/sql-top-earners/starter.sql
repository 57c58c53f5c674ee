-- Names and salaries of everyone earning at least 50000, highest first.
SELECT name, salary
FROM employee;
