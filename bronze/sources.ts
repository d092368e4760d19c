/**
 * The five source tables of SPEC.md section 2: their names, columns as spelled in the public
 * data set (matched case-insensitively on input), and the codes their text columns may hold.
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
