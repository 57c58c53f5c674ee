-- Counts unknown salaries as 0, which pulls the median down.
SELECT department,
       COUNT(*) AS employees,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY COALESCE(salary, 0)) AS median_salary
FROM employee
GROUP BY department;
