SELECT name, version, aliases, artifact_path, alert_rule FROM models
WHERE name = $name
  AND (($version::INTEGER IS NOT NULL AND version = $version::INTEGER)
    OR ($alias::VARCHAR IS NOT NULL AND list_contains(string_split(aliases, ','), $alias::VARCHAR))
    OR ($version::INTEGER IS NULL AND $alias::VARCHAR IS NULL))
ORDER BY version DESC
LIMIT 1;
