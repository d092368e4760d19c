-- One source's rows of a batch: the bronze rows of each of its files, one after another.
COPY ({{rows}}) TO $out (FORMAT parquet, COMPRESSION zstd);
