import { createHash } from 'node:crypto';
import type { AlertPolicy } from './alerts.js';
import type { RetrainSettings } from './retrain.js';
import { parseDuration, type Duration } from './duration.js';
import { checkAlarms, checkAttributes, checkFeatures, checkSensors, resolveClasses } from './fleet-rules.js';
import type { AttributeSpec, FailureAt, FleetFile, SensorSpec, SourceHolds } from './schema.js';
import { resolveSource } from './source-rules.js';
import { resolveRegimes, type RegimeSpec } from './regimes.js';

/**
 * A validated fleet definition, resolved into what the layers read: which sources feed which
 * table, how each column is parsed, the failure classes and the feature defaults. Everything here
 * came from the definition file (or the built-in one); nothing about one data set is in the code.
 */

export type Aggregate = 'mean' | 'std' | 'min' | 'max' | 'last' | 'slope';

export interface Sensor extends SensorSpec {
  name: string;
}

export interface Attribute extends AttributeSpec {
  name: string;
}

export type TimeSpec =
  | { kind: 'clock'; column: string; formats: string[]; zone: string | undefined }
  | { kind: 'counter'; column: string; origin: string; unitSeconds: number };

export interface CsvOptions {
  /** One character, or 'whitespace' for runs of spaces and tabs. */
  delimiter: string;
  header: boolean;
  columns: string[] | undefined;
  quote: string;
}

export interface Source {
  name: string;
  holds: SourceHolds;
  /** The columns its files must have, as the definition spells them, in bronze's order. */
  columns: string[];
  patterns: string[];
  format: 'csv' | 'parquet' | undefined;
  csv: CsvOptions;
  asset: { column: string; prefix: string | undefined };
  time: TimeSpec | undefined;
  /** [sensor, source column] */
  sensors: [string, string][];
  /** [attribute, source column] */
  attributes: [string, string][];
  code: string | undefined;
  component: string | undefined;
  /** A readings column that marks failures, and when a flagged reading's failure happens. */
  failureFlag: { column: string; at: FailureAt } | undefined;
}

export interface FeatureDefaults {
  step: Duration;
  windows: Duration[];
  /** The aggregates of every window the definition gives none of its own. */
  aggregates: Aggregate[];
  /** A window's own aggregates, by the window as written (`10d`). */
  byWindow: Record<string, Aggregate[]>;
  /** Days since the asset's first reading, as a feature. */
  age: boolean;
  alarmWindow: Duration;
  horizon: Duration;
}

export interface Fleet {
  idType: 'integer' | 'text';
  sensors: Sensor[];
  attributes: Attribute[];
  alarms: { codes: string[] | undefined; open: boolean; top: number | undefined } | undefined;
  components: string[];
  /** The failure classes, in tie-breaking order: the components, or the single class `failure`. */
  classes: string[];
  features: FeatureDefaults;
  /** The operating regimes and the sensors normalised within them (docs/regimes.md); undefined: none. */
  regimes: RegimeSpec | undefined;
  sources: Source[];
  /** An attributes source declares which assets exist; ids elsewhere are checked against it. */
  hasAssetTable: boolean;
  /** How exports name results columns (results column, target column); undefined: all, as they are. */
  exportColumns: Array<[string, string]> | undefined;
  /** How a model's alert threshold is chosen; undefined: the default (docs/decisions.md). */
  alertPolicy: AlertPolicy | undefined;
  /** How `retrain` trains and judges a challenger; undefined: its defaults (docs/retraining.md). */
  retrain: RetrainSettings | undefined;
  /** Features whose drift is counted, never judged (`drift: ignore:`; docs/monitoring.md#features-left-out). */
  driftIgnored: readonly string[];
  /**
   * The validated definition as canonical JSON, and its sha256: recorded with builds and models.
   * The export mapping, the alert policy, the retraining settings and the drift settings are left out: none changes anything in the lake.
   */
  canonical: string;
  hash: string;
}

/** The SQL type of the asset id column in every table. */
export const idSqlType = (fleet: Fleet): string => (fleet.idType === 'integer' ? 'INTEGER' : 'VARCHAR');

/** The SQL type of an attribute's column in silver and gold. */
export const attributeSqlType = (attribute: Attribute): string => ({ categorical: 'VARCHAR', numeric: 'DOUBLE', integer: 'INTEGER' })[attribute.kind];

const DEFAULT_FEATURES = { step: '12h', windows: ['12h', '24h', '36h'], alarmWindow: '24h', horizon: '48h' };
const duration = (text: string): Duration => parseDuration(text) as Duration;

/** The windows as a list, and the aggregates of those the map form gives its own. */
function resolveWindows(windows: FleetFile['features']['windows']): Pick<FeatureDefaults, 'windows' | 'byWindow'> {
  if (windows === undefined) return { windows: DEFAULT_FEATURES.windows.map(duration), byWindow: {} };
  if (Array.isArray(windows)) return { windows, byWindow: {} };
  return {
    windows: Object.keys(windows).map(duration),
    byWindow: Object.fromEntries(Object.entries(windows).filter((entry): entry is [string, Aggregate[]] => entry[1] !== null)),
  };
}

/** Resolves a schema-valid definition; throws FleetRuleError for a rule that spans parts of it. */
export function resolveFleet(file: FleetFile): Fleet {
  const sources = Object.entries(file.sources).map(([name, spec]) => resolveSource(name, spec, file.asset_id));
  checkSensors(file, sources);
  checkAttributes(file, sources);
  checkAlarms(file, sources);
  checkFeatures(file);
  const regimes = resolveRegimes(file.regimes, file.sensors);
  const classes = resolveClasses(file, sources);
  const { export: exported, alerts, retrain, drift, ...lake } = file;
  const canonical = JSON.stringify(lake);
  return {
    idType: file.asset_id,
    sensors: Object.entries(file.sensors).map(([name, spec]) => ({ name, ...spec })),
    attributes: Object.entries(file.attributes ?? {}).map(([name, spec]) => ({ name, ...spec })),
    alarms: file.alarms ? { codes: file.alarms.codes, open: file.alarms.open, top: file.alarms.top } : undefined,
    components: file.components ?? [],
    classes,
    features: {
      step: file.features.step ?? duration(DEFAULT_FEATURES.step),
      ...resolveWindows(file.features.windows),
      aggregates: file.features.aggregates ?? ['mean', 'std'],
      age: file.features.age ?? false,
      alarmWindow: file.features.alarm_window ?? duration(DEFAULT_FEATURES.alarmWindow),
      horizon: file.label?.horizon ?? duration(DEFAULT_FEATURES.horizon),
    },
    regimes,
    sources,
    hasAssetTable: sources.some((s) => s.holds === 'attributes'),
    exportColumns: exported?.columns,
    alertPolicy: alerts,
    retrain,
    driftIgnored: drift?.ignore ?? [],
    canonical,
    hash: createHash('sha256').update(canonical).digest('hex'),
  };
}
