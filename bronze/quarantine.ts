/**
 * Why a source row cannot be trusted: the reason codes `silver_quarantine` reports, in the order
 * silver tests them (a row gets the first that applies). They sit in bronze because the
 * simulator, which is below silver, injects rows of each kind.
 */
export const QUARANTINE_REASONS = [
  'missing_required_field',
  'unparseable_timestamp',
  'timestamp_out_of_range',
  'unknown_machine',
  'non_numeric_reading',
  'non_finite_reading',
  'reading_out_of_range',
  'unknown_code',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** Timestamps before this are not plausible for machine data; after the load time plus a day neither. */
export const EARLIEST_PLAUSIBLE_TS = '2000-01-01 00:00:00';
