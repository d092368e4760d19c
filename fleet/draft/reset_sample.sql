-- A new source's sample starts empty: the tables below are filled file by file.
DROP TABLE IF EXISTS draft_rows;
DROP TABLE IF EXISTS draft_long;
