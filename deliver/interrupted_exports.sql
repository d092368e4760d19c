SELECT count(*) AS n FROM exports WHERE status = 'running';
