SELECT count(*) AS n FROM score_runs WHERE status = 'running';
