SELECT DISTINCT model FROM gold_features
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP AND model IS NOT NULL
ORDER BY model;
