WITH RECURSIVE chart(id, name, depth) AS (
    SELECT id, name, 0
    FROM employee
    WHERE manager_id IS NULL
    UNION ALL
    SELECT e.id, e.name, chart.depth + 1
    FROM employee AS e
    JOIN chart ON e.manager_id = chart.id
) SEARCH BREADTH FIRST BY id SET visit
SELECT id, name, depth
FROM chart
ORDER BY depth, name, id;
