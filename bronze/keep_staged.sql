ALTER TABLE staged RENAME TO {{table}};
SELECT count(*) AS row_count FROM {{table}} WHERE {{data_rows}};
