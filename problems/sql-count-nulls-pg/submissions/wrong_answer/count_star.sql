SELECT department,
       COUNT(*) AS employees,
       COUNT(*) AS with_email,
       COUNT(*) AS with_phone
FROM employee
GROUP BY department;
