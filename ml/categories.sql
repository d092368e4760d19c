SELECT DISTINCT {{column}}::VARCHAR AS category FROM gold_features
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP AND {{column}} IS NOT NULL
ORDER BY category;
