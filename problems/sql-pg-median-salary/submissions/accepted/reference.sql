SELECT department,
       COUNT(*) AS employees,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY salary) AS median_salary
FROM employee
GROUP BY department;
