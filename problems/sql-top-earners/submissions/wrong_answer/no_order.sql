SELECT name, salary FROM employee WHERE salary >= 50000;
