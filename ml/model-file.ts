import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { featureParamsSchema } from '../gold/params.js';
import { writeWholeFile } from '../sql/atomic-file.js';
import { InputError } from '../sql/errors.js';
import { alertRuleSchema, eventFiguresSchema } from './decision/rule.js';
import type { DecisionRows } from './decision/types.js';
import { parseValidation, serializeValidation } from './decision/validation-file.js';
import { encodedNames } from './encoding.js';
import { featureProfileSchema } from './monitor/profile.js';
import { forestParamsSchema, parseForest, serializeForest, type Forest } from './forest/index.js';

/**
 * A model version on disk: model.json (what it is, how it was trained, how it scored) beside
 * forest.bin (the trees). Both are validated when loaded; nothing in them is trusted unchecked.
 */

export const MODEL_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

const isoTimestamp = z.string().datetime();
const columnName = z.string().regex(/^[a-z_][a-z0-9_]*$/);

const evaluationSchema = z.object({
  classes: z.array(z.string()),
  confusion: z.array(z.array(z.number().int().nonnegative())),
  perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number().int() })),
  macroF1: z.number(),
  accuracy: z.number(),
  rows: z.number().int().nonnegative(),
});

/** What the probabilities scored on the test rows; absent in models trained before they were kept. */
const probabilityScoresSchema = z.object({
  classPrAuc: z.array(z.number().nullable()),
  riskPrAuc: z.number().nullable(),
  brier: z.number().nullable(),
  calibration: z.array(z.object({ meanRisk: z.number(), observed: z.number(), rows: z.number().int().nonnegative() })),
  from: isoTimestamp,
  labelCutoff: isoTimestamp,
  undecidedFailing: z.number().int().nonnegative(),
});

const alertJudgementSchema = z.object({
  figures: eventFiguresSchema,
  baselines: z.object({ nothing: eventFiguresSchema, everything: eventFiguresSchema, half: eventFiguresSchema }),
});

export const modelMetaSchema = z.object({
  format: z.literal(2, { error: 'written by an earlier lakescore (format 1): train the model again' }),
  name: z.string().regex(MODEL_NAME),
  version: z.number().int().positive(),
  createdAt: isoTimestamp,
  classes: z.array(z.string()).min(2),
  encoding: z.object({
    numeric: z.array(columnName),
    categorical: z.array(z.object({ column: columnName, categories: z.array(z.string()) })),
  }),
  featureParams: featureParamsSchema,
  /** The fleet definition the model was trained under (canonical JSON) and its sha256. */
  fleet: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), definition: z.string() }),
  forestParams: forestParamsSchema,
  training: z.object({
    from: isoTimestamp,
    to: isoTimestamp,
    testTo: isoTimestamp,
    rows: z.number().int().nonnegative(),
    unlabeled: z.number().int().nonnegative(),
    /** Training rows of each class, in the order of `classes`; absent in models trained before it was kept. */
    rowsPerClass: z.array(z.number().int().nonnegative()).optional(),
    goldFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    seconds: z.number().nonnegative(),
    /** The later part of the range (or the share of the assets) the alert rule was chosen on, and whether the forest was fitted again on it all. */
    validation: z
      .object({ from: isoTimestamp, to: isoTimestamp, rows: z.number().int().nonnegative(), refit: z.boolean(), assetShare: z.number().gt(0).lt(1).optional(), outOfBag: z.boolean().optional() })
      .optional(),
  }),
  evaluation: evaluationSchema.extend({ unlabeled: z.number().int().nonnegative() }).extend(probabilityScoresSchema.partial().shape),
  /** The alert rule chosen at training and what it did on the test rows; absent in models trained before alerts. */
  decision: z.object({ rule: alertRuleSchema, test: alertJudgementSchema }).optional(),
  importance: z.array(z.tuple([z.string(), z.number()])),
  /** What the training features and the held-out risks looked like (docs/monitoring.md); absent in earlier models. */
  profile: featureProfileSchema.optional(),
});

export type ModelMeta = z.infer<typeof modelMetaSchema>;

export interface LoadedModel {
  meta: ModelMeta;
  forest: Forest;
}

const VALIDATION_FILE = 'validation.bin';

/**
 * Writes a new model version's directory whole, or removes it: the registry names the directory
 * only after both files are complete, so a full disk leaves neither a partial file nor half a model.
 */
export function writeModelFiles(dir: string, model: LoadedModel, validation: DecisionRows): void {
  mkdirSync(dir, { recursive: true });
  try {
    writeWholeFile(join(dir, 'forest.bin'), serializeForest(model.forest));
    writeWholeFile(join(dir, VALIDATION_FILE), serializeValidation(validation));
    writeWholeFile(join(dir, 'model.json'), JSON.stringify(model.meta, null, 1));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** model.json alone: what a model is and how it did at training, without its trees. */
export function readModelMeta(dir: string): ModelMeta {
  const metaFile = join(dir, 'model.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (err) {
    throw new InputError(`${metaFile}: not a readable model description (${(err as Error).message})`);
  }
  const parsed = modelMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${metaFile}: invalid model description at ${issue?.path.join('.') || 'top level'}: ${issue?.message}`);
  }
  return parsed.data;
}

export function readModelFiles(dir: string): LoadedModel {
  const meta = readModelMeta(dir);
  const forestFile = join(dir, 'forest.bin');
  let forest: Forest;
  try {
    forest = parseForest(readFileSync(forestFile), forestFile);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const features = encodedNames(meta.encoding).length;
  if (forest.featureCount !== features || forest.classCount !== meta.classes.length) {
    throw new InputError(`${dir}: forest.bin does not match model.json (features ${forest.featureCount} vs ${features})`);
  }
  return { meta, forest };
}

/** The validation rows' risks a model's rule was chosen on; undefined for a model trained before they were kept. */
export function readValidation(dir: string): DecisionRows | undefined {
  const file = join(dir, VALIDATION_FILE);
  let data: Uint8Array;
  try {
    data = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`${file}: cannot be read (${(err as Error).message})`);
  }
  return parseValidation(data, file);
}
