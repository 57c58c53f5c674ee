-- A boolean cast to integer is 1 or 0 (PostgreSQL has no SUM of booleans).
SELECT department,
       COUNT(*) AS employees,
       SUM((email IS NOT NULL)::int) AS with_email,
       SUM(CASE WHEN phone IS NULL THEN 0 ELSE 1 END) AS with_phone
FROM employee
GROUP BY department;
