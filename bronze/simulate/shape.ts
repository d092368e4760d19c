/**
 * The shape the simulator writes: the five source tables of docs/tables.md#sources with their columns
 * as spelled in the public data set, and the codes their text columns hold. The pipeline does not
 * read these: it reads the fleet definition, whose built-in default (fleet/default.yaml) declares
 * the same shape; a test keeps the two in step.
 */
export const SOURCE_TABLES = ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const;
export type SourceTable = (typeof SOURCE_TABLES)[number];

export const SOURCE_COLUMNS: Record<SourceTable, readonly string[]> = {
  telemetry: ['datetime', 'machineID', 'volt', 'rotate', 'pressure', 'vibration'],
  errors: ['datetime', 'machineID', 'errorID'],
  maint: ['datetime', 'machineID', 'comp'],
  failures: ['datetime', 'machineID', 'failure'],
  machines: ['machineID', 'model', 'age'],
};

export const SENSORS = ['volt', 'rotate', 'pressure', 'vibration'] as const;
export type Sensor = (typeof SENSORS)[number];
export const ERROR_CODES = ['error1', 'error2', 'error3', 'error4', 'error5'] as const;
export const COMPONENTS = ['comp1', 'comp2', 'comp3', 'comp4'] as const;
export type Component = (typeof COMPONENTS)[number];
export const MODELS = ['model1', 'model2', 'model3', 'model4'] as const;
