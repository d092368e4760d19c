/**
 * Durations as a fleet definition writes them (`30m`, `12h`, `7d`, `2w`). The text is kept because
 * feature names carry it (`volt_mean_12h`); arithmetic uses the seconds.
 */
export interface Duration {
  text: string;
  seconds: number;
}

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };

export const DURATION_PATTERN = /^([1-9][0-9]{0,5})(m|h|d|w)$/;

/** Parses `12h` into a Duration; undefined when the text is not one. */
export function parseDuration(text: string): Duration | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return { text, seconds: Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number) };
}

/** A whole number of hours as a Duration, for the hour-based command-line flags. */
export const hoursDuration = (hours: number): Duration => ({ text: `${hours}h`, seconds: hours * 3600 });

export const durationHours = (d: Duration): number => d.seconds / 3600;
