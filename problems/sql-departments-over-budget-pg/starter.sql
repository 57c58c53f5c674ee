-- Departments whose salaries add up to more than 150000, biggest total first.
SELECT department, salary
FROM employee;
