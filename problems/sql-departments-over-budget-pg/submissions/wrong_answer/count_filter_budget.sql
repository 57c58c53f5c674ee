-- Sums only the salaries over 50000 (FILTER), instead of every salary of the department.
SELECT department, SUM(salary) FILTER (WHERE salary > 50000) AS total_salary
FROM employee
WHERE department IS NOT NULL
GROUP BY department
HAVING SUM(salary) > 150000
ORDER BY total_salary DESC, department;
