SELECT name, department, salary
FROM employee
WHERE salary > (SELECT AVG(salary) FROM employee);
