SELECT department,
       COUNT(*) AS employees,
       COUNT(*) FILTER (WHERE email IS NOT NULL) AS with_email,
       COUNT(*) FILTER (WHERE phone IS NOT NULL) AS with_phone
FROM employee
GROUP BY department;
