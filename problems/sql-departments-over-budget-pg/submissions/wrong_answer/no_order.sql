SELECT department, SUM(salary) AS total_salary
FROM employee
WHERE department IS NOT NULL
GROUP BY department
HAVING SUM(salary) > 150000;
