-- Every named value of a typed (Parquet) file as text, counted: it fails if one cannot be text.
SELECT {{counts}} FROM staged WHERE {{data_rows}};
