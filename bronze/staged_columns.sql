SELECT column_name FROM (DESCRIBE staged);
