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
  'reading_too_large',
  'unknown_code',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** Timestamps before this are not plausible for machine data; after the load time plus a day neither. */
export const EARLIEST_PLAUSIBLE_TS = '2000-01-01 00:00:00';

/**
 * The largest magnitude a reading may have. Gold's aggregates square readings (a standard
 * deviation sums squared deviations, a slope products), and the square of a finite double past
 * about 1.3e154 is infinite: one such reading would fail every gold build of its asset. Within
 * this bound a window's sum of squared deviations stays below 1e300 per reading, so no window of
 * fewer than 1e8 readings can overflow.
 */
export const LARGEST_READING = 1e150;
