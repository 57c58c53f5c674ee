-- CASE without ELSE gives NULL, and SUM of nothing but NULLs is NULL, not 0.
SELECT department,
       COUNT(*) AS employees,
       SUM(CASE WHEN email IS NOT NULL THEN 1 END) AS with_email,
       SUM(CASE WHEN phone IS NOT NULL THEN 1 END) AS with_phone
FROM employee
GROUP BY department;
