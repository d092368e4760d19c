-- Every window's statistics side by side; the longest window has a row wherever any window does.
CREATE OR REPLACE TEMP TABLE telemetry_features AS
SELECT * FROM {{longest}}
{{joins}};
