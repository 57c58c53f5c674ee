-- Filtering the unknown salaries out in WHERE also drops them from the head count, and a
-- department with no known salary disappears.
SELECT department,
       COUNT(*) AS employees,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY salary) AS median_salary
FROM employee
WHERE salary IS NOT NULL
GROUP BY department;
