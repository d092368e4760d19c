import type { Columns } from '../sql/catalog.js';
import { type LakeSession } from '../sql/duckdb.js';
import { timestampText } from '../sql/text.js';
import { InputError } from '../sql/errors.js';
import { alertRuleSchema, type AlertRule } from './decision/rule.js';
import type { DecisionRows } from './decision/types.js';
import { encodedNames } from './encoding.js';
import { MODEL_NAME, readModelFiles, readValidation, writeModelFiles, type LoadedModel, type ModelMeta } from './model-file.js';

export const MODELS_COLUMNS: Columns = [
  ['name', 'VARCHAR'],
  ['version', 'INTEGER'],
  ['aliases', 'VARCHAR'],
  ['created_at', 'TIMESTAMP'],
  ['train_from', 'TIMESTAMP'],
  ['train_to', 'TIMESTAMP'],
  ['test_to', 'TIMESTAMP'],
  ['gold_fingerprint', 'VARCHAR'],
  ['feature_params', 'VARCHAR'],
  ['forest_params', 'VARCHAR'],
  ['features', 'VARCHAR'],
  ['macro_f1', 'DOUBLE'],
  ['accuracy', 'DOUBLE'],
  ['metrics', 'VARCHAR'],
  ['rows_trained', 'BIGINT'],
  ['training_seconds', 'DOUBLE'],
  ['artifact_path', 'VARCHAR'],
  ['fleet_hash', 'VARCHAR'],
  /** The rule scoring applies (JSON, docs/decisions.md): chosen at training, changed by `models set-alerts`. */
  ['alert_rule', 'VARCHAR'],
  ['alert_threshold', 'DOUBLE'],
];

/** Versions registered before a column was added read it as NULL. */
export async function declareModelTables(session: LakeSession): Promise<void> {
  await session.ensureTableColumns('models', MODELS_COLUMNS);
}

export interface ModelRef {
  name: string;
  version?: number;
  alias?: string;
}

/** NAME, NAME@VERSION or NAME@ALIAS; NAME alone means its newest version. */
export function parseModelRef(text: string): ModelRef {
  const match = /^([^@]+)(?:@(.+))?$/.exec(text);
  const name = match?.[1] ?? '';
  const suffix = match?.[2];
  if (!MODEL_NAME.test(name) || (suffix !== undefined && !/^(\d{1,9}|[a-z][a-z0-9_-]{0,62})$/.test(suffix))) {
    throw new InputError(`model "${text}": expected NAME, NAME@VERSION or NAME@ALIAS (lower-case letters, digits, - and _)`);
  }
  if (suffix === undefined) return { name };
  return /^\d+$/.test(suffix) ? { name, version: Number(suffix) } : { name, alias: suffix };
}

export const formatRef = (ref: ModelRef): string => `${ref.name}${ref.version ? `@${ref.version}` : ref.alias ? `@${ref.alias}` : ''}`;

/**
 * The catalog counter of a name's versions. Counters never go back, not even on a restore, so a
 * version a restore undid is never handed out again. Their names are identifiers, model names
 * may hold `-`: doubling `_` keeps `a-b` (`a_hb`) and `a_hb` (`a__hb`) apart.
 */
const versionCounter = (name: string): string => `model_version_${name.replaceAll('_', '__').replaceAll('-', '_h')}`;

/** Writes a new immutable version of `meta.name` and publishes it in the models table. */
export async function registerModel(
  session: LakeSession,
  model: Omit<LoadedModel, 'meta'> & { meta: Omit<ModelMeta, 'version'>; validation: DecisionRows },
): Promise<LoadedModel> {
  await declareModelTables(session);
  const counter = versionCounter(model.meta.name);
  const [next] = await session.queryFile('ml', 'next_version.sql', { name: model.meta.name, last_version: session.catalog.counters[counter] ?? 0 });
  const version = Number(next?.version ?? 1);
  const meta: ModelMeta = { ...model.meta, version };
  const artifact = `models/${meta.name}/v${version}-${session.writerId}`;
  writeModelFiles(session.path(artifact), { meta, forest: model.forest }, model.validation);
  const tableFile = `models/_registry/models-${Date.now()}-${session.writerId}-${meta.name}-v${version}.parquet`;
  await session.runFile('ml', 'register_model.sql', {
    out: session.dataFile(tableFile),
    name: meta.name,
    version,
    created_at: timestampText(new Date(meta.createdAt)),
    train_from: timestampText(new Date(meta.training.from)),
    train_to: timestampText(new Date(meta.training.to)),
    test_to: timestampText(new Date(meta.training.testTo)),
    gold_fingerprint: meta.training.goldFingerprint,
    feature_params: JSON.stringify(meta.featureParams),
    forest_params: JSON.stringify(meta.forestParams),
    features: JSON.stringify(encodedNames(meta.encoding)),
    macro_f1: meta.evaluation.macroF1,
    accuracy: meta.evaluation.accuracy,
    metrics: JSON.stringify(meta.evaluation),
    rows_trained: meta.training.rows,
    training_seconds: meta.training.seconds,
    artifact_path: artifact,
    fleet_hash: meta.fleet.hash,
    alert_rule: meta.decision ? JSON.stringify(meta.decision.rule) : null,
    alert_threshold: meta.decision?.rule.threshold ?? null,
  });
  await session.commit({ tables: { models: { files: [tableFile], columns: MODELS_COLUMNS } }, counters: { [counter]: version } });
  return { meta, forest: model.forest };
}

export interface RegisteredModel {
  name: string;
  version: number;
  artifact: string;
  /** The registry's alert rule as stored, read by `loadModel`: promoting or setting a rule does not need it readable. */
  storedRule: unknown;
}

export function parseStoredRule(text: unknown, id: string): AlertRule | undefined {
  if (text === null || text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(String(text));
  } catch {
    raw = undefined;
  }
  const parsed = alertRuleSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(`the registry's alert rule of ${id} is not one this lakescore reads: set it again with lakescore models set-alerts ${id}`);
  return parsed.data;
}

/** The registered model a reference names, or undefined when the registry has none such (yet). */
export async function registeredModel(session: LakeSession, ref: ModelRef): Promise<RegisteredModel | undefined> {
  await declareModelTables(session);
  const [row] = await session.queryFile('ml', 'find_model.sql', { name: ref.name, version: ref.version ?? null, alias: ref.alias ?? null });
  if (!row) return undefined;
  return { name: String(row.name), version: Number(row.version), artifact: String(row.artifact_path), storedRule: row.alert_rule };
}

/** The registered model a reference names; a one-line error when the registry has none such. */
export async function findModel(session: LakeSession, ref: ModelRef): Promise<RegisteredModel> {
  const found = await registeredModel(session, ref);
  if (!found) throw new InputError(`model ${formatRef(ref)} is not in the registry (see lakescore models list)`);
  return found;
}

/** A model version with the alert rule the registry holds for it now. */
export async function loadModel(session: LakeSession, ref: ModelRef): Promise<LoadedModel & { alertRule: AlertRule | undefined }> {
  const found = await findModel(session, ref);
  return { ...readModelFiles(session.path(found.artifact)), alertRule: parseStoredRule(found.storedRule, `${found.name}@${found.version}`) };
}

/** The rows a model's rule was chosen on, with its validation forest's risks. */
export async function validationOf(session: LakeSession, ref: ModelRef): Promise<{ model: RegisteredModel; rows: DecisionRows | undefined }> {
  const model = await findModel(session, ref);
  return { model, rows: readValidation(session.path(model.artifact)) };
}

/** Replaces the alert rule of one model version in the registry: the model itself never changes. */
export async function setAlertRule(session: LakeSession, model: RegisteredModel, rule: AlertRule): Promise<void> {
  const tableFile = `models/_registry/models-${Date.now()}-${session.writerId}-${model.name}-v${model.version}-alerts.parquet`;
  await session.runFile('ml', 'set_alert_rule.sql', {
    out: session.dataFile(tableFile),
    name: model.name,
    version: model.version,
    alert_rule: JSON.stringify(rule),
    alert_threshold: rule.threshold,
  });
  await session.commit({ tables: { models: { files: [tableFile], columns: MODELS_COLUMNS } } });
}

/**
 * Writes the models table with `alias` of a model name pointing at one version (moved from any
 * other), and returns its file for the caller's commit: a retrain publishes it with its decision.
 */
export async function writeAliasMove(session: LakeSession, model: { name: string; version: number }, alias: string): Promise<string> {
  if (!/^[a-z][a-z0-9_-]{0,62}$/.test(alias)) throw new InputError(`alias "${alias}": lower-case letters, digits, - and _`);
  const tableFile = `models/_registry/models-${Date.now()}-${session.writerId}-${model.name}-${alias}.parquet`;
  await session.runFile('ml', 'set_alias.sql', { out: session.dataFile(tableFile), name: model.name, version: model.version, alias });
  return tableFile;
}

/** Points `alias` of a model name at one version (moving it from any other version). */
export async function promoteModel(session: LakeSession, ref: ModelRef, alias: string): Promise<{ name: string; version: number }> {
  if (ref.version === undefined) throw new InputError('promote needs NAME@VERSION');
  const found = await findModel(session, ref);
  const tableFile = await writeAliasMove(session, found, alias);
  await session.commit({ tables: { models: { files: [tableFile], columns: MODELS_COLUMNS } } });
  return { name: found.name, version: found.version };
}
