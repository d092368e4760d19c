-- Every asset in alert (whose diagnoses are counted), and the riskiest $limit: in alert first.
SELECT * FROM report_latest
QUALIFY in_alert OR row_number() OVER (ORDER BY in_alert DESC, risk DESC, machine_id) <= $limit
ORDER BY in_alert DESC, risk DESC, machine_id;
