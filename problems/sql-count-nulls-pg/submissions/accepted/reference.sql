SELECT department,
       COUNT(*) AS employees,
       COUNT(email) AS with_email,
       COUNT(phone) AS with_phone
FROM employee
GROUP BY department;
