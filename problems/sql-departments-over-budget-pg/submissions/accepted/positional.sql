SELECT department, SUM(salary) AS total_salary
FROM employee
GROUP BY department
HAVING department IS NOT NULL AND SUM(salary) > 150000
ORDER BY 2 DESC, 1;
