SELECT department,
       COUNT(*) AS employees,
       COUNT(email) AS with_email,
       COUNT(phone) AS with_phone
FROM employee
WHERE email IS NOT NULL OR phone IS NOT NULL
GROUP BY department;
