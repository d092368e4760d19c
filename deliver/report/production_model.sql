-- The model in production: the newest version carrying the alias, else the newest version trained.
SELECT name, version, aliases FROM models
ORDER BY list_contains(string_split(aliases, ','), $alias) DESC, created_at DESC, version DESC
LIMIT 1;
