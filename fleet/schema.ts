import { z } from 'zod';
import { parseDuration, type Duration } from './duration.js';
import { alertsSchema } from './alerts.js';
import { retrainSchema } from './retrain.js';
import { driftSchema } from './drift.js';
import { regimesSchema } from './regimes.js';
import { isSqlName } from './names.js';

/**
 * The fleet definition file (`lakescore.yaml`) as written: every key, its type and its local
 * rules. Rules that relate one part to another (a source naming an undeclared sensor) are in
 * fleet.ts, which turns this into the Fleet every layer reads.
 */

/**
 * The most of each list a definition may hold (docs/fleet.md, "How large a definition may be"):
 * far beyond any fleet's, and each a count that multiplies what later layers build (gold has a
 * column per sensor, window and aggregate, and one per alarm code).
 */
export const LIST_LIMITS = {
  sensors: 500,
  codes: 500,
  sources: 100,
  components: 100,
  attributes: 100,
  values: 1000,
  patterns: 100,
  columns: 2000,
  windows: 10,
  formats: 20,
  exportColumns: 1000,
} as const;

/** The one-line message of a list past its limit, with how long it is. */
const atMost = (limit: number, what: string) => ({
  error: (issue: { input?: unknown }) =>
    `at most ${limit.toLocaleString('en-US')} ${what}${Array.isArray(issue.input) ? `, not ${issue.input.length.toLocaleString('en-US')}` : ''}`,
});

/** A list of at least one item and at most `limit`. */
const list = <T extends z.ZodType>(item: T, limit: number, what: string) => z.array(item).min(1).max(limit, atMost(limit, what));

const nameRule = (what: string): string => `${what} must be lower-case letters, digits and _, starting with a letter, and not an SQL keyword`;
const name = (what: string) => z.string().refine(isSqlName, nameRule(what));

/**
 * A map keyed by names that reach SQL, of at most `limit` entries: a bad key is reported with the
 * naming rule, at its own path.
 */
const namedRecord = <T extends z.ZodType>(what: string, value: T, limit: number, plural: string) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    const keys = Object.keys(record);
    if (keys.length > limit) ctx.addIssue({ code: 'custom', message: `at most ${limit.toLocaleString('en-US')} ${plural}, not ${keys.length.toLocaleString('en-US')}` });
    for (const key of keys) {
      if (!isSqlName(key)) ctx.addIssue({ code: 'custom', path: [key], message: nameRule(what) });
    }
  });

/** A duration as definitions write them; `retrain`'s flags take the same. */
export const duration = z.string().transform((text, ctx): Duration => {
  const parsed = parseDuration(text);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30m, 12h, 7d or 2w, got "${text}"` });
    return z.NEVER;
  }
  return parsed;
});

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A date or time (UTC) as the timestamp text the engine takes; 2000-02-30 is refused, not rolled over. */
const utcTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?Z?$/, 'expected a date or time such as 2000-01-01 or 2000-01-01T06:00:00')
  .transform((text, ctx) => {
    const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text.endsWith('Z') ? text : `${text.replace(' ', 'T')}Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text.slice(0, 10)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a calendar date` });
      return z.NEVER;
    }
    return date.toISOString().replace('T', ' ').replace('Z', '');
  });

const sensorSchema = z
  .object({
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    optional: z.boolean().default(false),
    normalize: z.literal('regime', { error: 'expected regime (normalised within its regime: declare regimes:)' }).optional(),
  })
  .strict()
  .refine((s) => s.min === undefined || s.max === undefined || s.min <= s.max, 'min must not exceed max');

const attributeSchema = z
  .object({
    kind: z.enum(['categorical', 'numeric', 'integer'], { error: 'expected categorical, numeric or integer' }),
    values: list(nonEmpty, LIST_LIMITS.values, 'values').optional(),
  })
  .strict()
  .refine((a) => a.kind === 'categorical' || a.values === undefined, 'only a categorical attribute lists values');

const alarmsSchema = z
  .object({
    codes: list(nonEmpty, LIST_LIMITS.codes, 'alarm codes').optional(),
    open: z.boolean().default(false),
    top: z.number().int().min(1).max(500).optional(),
  })
  .strict()
  .refine((a) => a.open || a.codes !== undefined, 'declare the codes, or open: true to accept any code')
  .refine((a) => !a.open || a.codes !== undefined || a.top !== undefined, 'open alarms need the codes to count or top: N (the N most frequent)')
  .refine((a) => a.top === undefined || (a.open && a.codes === undefined), 'top: N is for open alarms without a code list');

const timeSchema = z.union([
  nonEmpty.transform((column) => ({ column })),
  z
    .object({
      column: nonEmpty,
      format: z.union([nonEmpty, list(nonEmpty, LIST_LIMITS.formats, 'formats')]).optional(),
      zone: nonEmpty.optional(),
      counter: z.object({ origin: utcTime, unit: duration }).strict().optional(),
    })
    .strict()
    .refine((t) => !(t.counter && (t.format || t.zone)), 'a counter has no format or zone'),
]);

const assetSchema = z.union([
  nonEmpty.transform((column): { column: string; prefix?: string } => ({ column })),
  z.object({ column: nonEmpty, prefix: z.string().min(1).optional() }).strict(),
]);

/** A list of names whose source column is the name itself, or a map from name to column. */
const namedColumns = (what: string, limit: number, plural: string) =>
  z.union([
    list(name(what), limit, plural).transform((names) => Object.fromEntries(names.map((n) => [n, n]))),
    namedRecord(what, nonEmpty, limit, plural),
  ]);

/**
 * When a flagged reading's failure happens. A snapshot feed (one reading a day) flags the last
 * reading, taken before the asset failed that day: its failure ends the reading's step. A feed
 * that records the failure itself as a reading flags the moment of failure.
 */
export const FAILURE_AT = ['end_of_step', 'reading'] as const;
export type FailureAt = (typeof FAILURE_AT)[number];

const failureFlagSchema = z.union([
  nonEmpty.transform((column) => ({ column, at: 'end_of_step' as FailureAt })),
  z
    .object({
      column: z.string({ error: 'name the flag column: { column: NAME, at: end_of_step or reading }' }).trim().min(1, 'must not be empty'),
      at: z
        .enum(FAILURE_AT, { error: "expected end_of_step (the failure is at the reading's time + features.step) or reading (at the reading's time)" })
        .default('end_of_step'),
    })
    .strict(),
]);

const csvSchema = z
  .object({
    delimiter: z.union([z.literal('whitespace'), z.string().length(1, 'one character, or whitespace')]).default(','),
    header: z.boolean().default(true),
    columns: list(nonEmpty, LIST_LIMITS.columns, 'columns').optional(),
    quote: z.string().max(1).default('"'),
  })
  .strict()
  .refine((c) => c.header || c.columns !== undefined, 'a headerless file needs its column names declared (columns: [...])');

export const SOURCE_HOLDS = ['readings', 'alarms', 'maintenance', 'failures', 'attributes'] as const;
export type SourceHolds = (typeof SOURCE_HOLDS)[number];

const sourceSchema = z
  .object({
    files: z.union([nonEmpty.transform((f) => [f]), list(nonEmpty, LIST_LIMITS.patterns, 'file patterns')]),
    holds: z.enum(SOURCE_HOLDS, { error: `expected one of ${SOURCE_HOLDS.join(', ')}` }),
    format: z.enum(['csv', 'parquet']).optional(),
    csv: csvSchema.optional(),
    asset: assetSchema,
    time: timeSchema.optional(),
    sensors: namedColumns('a sensor name', LIST_LIMITS.sensors, 'sensors').optional(),
    attributes: namedColumns('an attribute name', LIST_LIMITS.attributes, 'attributes').optional(),
    code: nonEmpty.optional(),
    component: nonEmpty.optional(),
    failure_flag: failureFlagSchema.optional(),
  })
  .strict();

const AGGREGATES = ['mean', 'std', 'min', 'max', 'last', 'slope'] as const;

const aggregates = list(z.enum(AGGREGATES, { error: 'expected mean, std, min, max, last or slope' }), AGGREGATES.length, 'aggregates');

/**
 * Windows as a list (each computes `aggregates`) or as a map from window to its own aggregates
 * (`10d: [mean]`, `50d: [std, slope]`; an empty value takes `aggregates`). The map is kept as
 * written, so that a definition's canonical form (and hash) of the list form is what it was.
 */
const windowsSchema = z.union([
  list(duration, LIST_LIMITS.windows, 'windows'),
  z.record(z.string(), aggregates.nullable()).superRefine((map, ctx) => {
    const keys = Object.keys(map);
    if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one window' });
    if (keys.length > LIST_LIMITS.windows) ctx.addIssue({ code: 'custom', message: `at most ${LIST_LIMITS.windows} windows, not ${keys.length}` });
    for (const key of keys) {
      if (!parseDuration(key)) ctx.addIssue({ code: 'custom', path: [key], message: `expected a duration such as 12h or 10d, got "${key}"` });
    }
  }),
]);

const featuresSchema = z
  .object({
    step: duration.optional(),
    windows: windowsSchema.optional(),
    aggregates: aggregates.optional(),
    alarm_window: duration.optional(),
    age: z.boolean().optional(),
  })
  .strict();

/**
 * Where the export puts results columns: a list selects them under their own names, a map
 * renames them (`machine_id: asset_id`), as a copy activity's column mapping does.
 */
const exportSchema = z
  .object({
    columns: z.union([
      list(nonEmpty, LIST_LIMITS.exportColumns, 'columns').transform((names) => names.map((n): [string, string] => [n, n])),
      z
        .record(z.string(), nonEmpty)
        .refine((map) => Object.keys(map).length <= LIST_LIMITS.exportColumns, `at most ${LIST_LIMITS.exportColumns.toLocaleString('en-US')} columns`)
        .transform((map) => Object.entries(map)),
    ]),
  })
  .strict();

export const fleetFileSchema = z
  .object({
    asset_id: z.enum(['integer', 'text'], { error: 'expected integer or text' }).default('text'),
    sensors: namedRecord('a sensor name', sensorSchema.nullable().transform((s) => s ?? { optional: false }), LIST_LIMITS.sensors, 'sensors'),
    alarms: alarmsSchema.optional(),
    components: list(nonEmpty, LIST_LIMITS.components, 'components').optional(),
    attributes: namedRecord('an attribute name', attributeSchema, LIST_LIMITS.attributes, 'attributes').optional(),
    features: featuresSchema.default({}),
    label: z.object({ horizon: duration }).strict().optional(),
    sources: namedRecord('a source name', sourceSchema, LIST_LIMITS.sources, 'sources'),
    export: exportSchema.optional(),
    alerts: alertsSchema.optional(),
    retrain: retrainSchema(duration).optional(),
    drift: driftSchema.optional(),
    regimes: regimesSchema(utcTime).optional(),
  })
  .strict();

export type FleetFile = z.infer<typeof fleetFileSchema>;
export type SourceSpec = FleetFile['sources'][string];
export type SensorSpec = FleetFile['sensors'][string];
export type AttributeSpec = NonNullable<FleetFile['attributes']>[string];
