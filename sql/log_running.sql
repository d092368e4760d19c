SELECT count(*) AS n FROM {{table}} WHERE status = 'running';
