-- Employees who earn more than the average of their own department.
SELECT name, department, salary
FROM employee;
