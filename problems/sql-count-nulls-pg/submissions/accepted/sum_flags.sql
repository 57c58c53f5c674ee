SELECT department,
       COUNT(*) AS employees,
       SUM(email IS NOT NULL) AS with_email,
       SUM(CASE WHEN phone IS NULL THEN 0 ELSE 1 END) AS with_phone
FROM employee
GROUP BY department;
