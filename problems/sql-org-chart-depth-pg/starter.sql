-- Every employee with their depth below the CEO (the CEO has depth 0).
WITH RECURSIVE chart(id, name, depth) AS (
    SELECT id, name, 0 FROM employee WHERE manager_id IS NULL
    -- UNION ALL ...
)
SELECT id, name, depth
FROM chart;
