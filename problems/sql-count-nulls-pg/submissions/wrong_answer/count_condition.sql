SELECT department,
       COUNT(*) AS employees,
       COUNT(email IS NOT NULL) AS with_email,
       COUNT(phone IS NOT NULL) AS with_phone
FROM employee
GROUP BY department;
