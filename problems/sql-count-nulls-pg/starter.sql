-- Per department: employees, how many have an email, how many have a phone.
SELECT department
FROM employee;
