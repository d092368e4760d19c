-- The rows dataset.sql returns for the same range: one per gold row.
SELECT count(*) AS n FROM gold_features WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP AND {{asset_group}};
