-- The lake's definition: its newest version.
SELECT version, hash, text, origin, adopted_at
FROM fleet_definitions
ORDER BY version DESC
LIMIT 1;
