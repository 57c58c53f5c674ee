-- percentile_disc picks an actual value: the lower of the two middle salaries.
SELECT department,
       COUNT(*) AS employees,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY salary) AS median_salary
FROM employee
GROUP BY department;
