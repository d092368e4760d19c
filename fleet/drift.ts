import { z } from 'zod';

/**
 * The `drift:` key of a fleet definition (docs/monitoring.md#features-left-out): features whose
 * drift is counted but never judged, for features a fleet knows move with time whatever the
 * machines do. Like `alerts:` it is about monitoring, not about the lake, so it is left out of
 * the definition's hash.
 */

export interface DriftSettings {
  /** Feature names, `*` matching any run of characters: `*_days_since_replacement`. */
  ignore: readonly string[];
}

const pattern = z.string().regex(/^[A-Za-z0-9_*]+$/, 'a feature name, with * for any run of characters (letters, digits, _ and *)');

export const driftSchema = z.object({ ignore: z.array(pattern).max(1000).default([]) }).strict() satisfies z.ZodType<DriftSettings, unknown>;

/** Whether a feature name matches one of the patterns. */
export function ignoredBy(patterns: readonly string[]): (feature: string) => boolean {
  // the schema allows only word characters and *: nothing else needs escaping
  const expressions = patterns.map((p) => new RegExp(`^${p.replaceAll('*', '.*')}$`));
  return (feature) => expressions.some((e) => e.test(feature));
}
