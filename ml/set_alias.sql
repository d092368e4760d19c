-- Moves an alias of a model name to one version; versions themselves never change.
COPY (
  SELECT * REPLACE (
    CASE WHEN name = $name THEN
      array_to_string(list_sort(
        list_filter(string_split(aliases, ','), a -> a <> '' AND a <> $alias)
        || CASE WHEN version = $version THEN [$alias::VARCHAR] ELSE [] END), ',')
    ELSE aliases END AS aliases)
  FROM models
  ORDER BY name, version
) TO $out (FORMAT parquet);
