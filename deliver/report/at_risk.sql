-- The riskiest $limit assets, and every one at high risk (whose likeliest failures are counted).
SELECT * FROM report_latest
QUALIFY risk >= $high OR row_number() OVER (ORDER BY risk DESC, machine_id) <= $limit
ORDER BY risk DESC, machine_id;
