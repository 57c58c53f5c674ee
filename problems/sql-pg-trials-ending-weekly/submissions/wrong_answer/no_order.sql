SELECT DISTINCT date_trunc('week', a.created_at + a.trial_days * interval '1 day')::date AS week_start,
       (SELECT COUNT(*) FROM account AS b
        WHERE date_trunc('week', b.created_at + b.trial_days * interval '1 day')
            = date_trunc('week', a.created_at + a.trial_days * interval '1 day')) AS trials_ending
FROM account AS a;
