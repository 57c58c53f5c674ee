-- COUNT counts every non-NULL value, and false is not NULL: this counts everyone.
SELECT department,
       COUNT(*) AS employees,
       COUNT(email IS NOT NULL) AS with_email,
       COUNT(phone IS NOT NULL) AS with_phone
FROM employee
GROUP BY department;
