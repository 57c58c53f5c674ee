-- Each employee's salary rank within their department (ties share a rank, no gaps).
SELECT department, name, salary
FROM employee;
