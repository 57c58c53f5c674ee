-- How many trials end in each week (weeks start on Monday).
SELECT created_at, trial_days
FROM account;
