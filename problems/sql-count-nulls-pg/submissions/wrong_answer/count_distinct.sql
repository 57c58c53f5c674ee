SELECT department,
       COUNT(*) AS employees,
       COUNT(DISTINCT email) AS with_email,
       COUNT(DISTINCT phone) AS with_phone
FROM employee
GROUP BY department;
