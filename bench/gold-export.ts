import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { givenFleet } from '../fleet/load.js';
import { readingFleet } from '../jobs/lake-fleet.js';
import { labelsOf } from '../gold/params.js';
import { currentGoldParams } from '../gold/tables.js';
import { categoriesIn, loadDataset } from '../ml/dataset.js';
import { encodingFor } from '../ml/encoding.js';
import { LakeSession } from '../sql/duckdb.js';
import { writeNpy } from './forest/data.js';

/**
 * Exports a lake's gold table as the forest benchmark's .npy files, encoded exactly as
 * `lakescore train` encodes it, so that lakescore and scikit-learn learn from the same rows:
 *   node dist/bench/gold-export.js LAKE OUT_DIR [FROM TO TEST_TO]   (fleet: LAKESCORE_FLEET, as the CLI)
 * Train [FROM, TO) with labels cut off at TO; test [TO, TEST_TO) cut off at TEST_TO.
 */
const [lake, out, from = '2015-01-01', to = '2015-10-01', testTo = '2016-01-01'] = process.argv.slice(2);
if (!lake || !out) throw new Error('usage: gold-export LAKE OUT_DIR [FROM TO TEST_TO]');
const day = (s: string): Date => new Date(`${s}T00:00:00Z`);

await LakeSession.using(lake, {}, async (session) => {
  const fleet = await readingFleet(session, givenFleet(process.env.LAKESCORE_FLEET));
  const params = await currentGoldParams(session, fleet);
  const encoding = encodingFor(fleet, params, await categoriesIn(session, fleet, params, day(from), day(to)));
  const classes = labelsOf(fleet);
  const range = (a: string, b: string) =>
    loadDataset(session, { encoding, classes, from: day(a), to: day(b), horizonSeconds: params.horizon.seconds, labelCutoff: day(b), keep: 'labelled' });
  const train = await range(from, to);
  const test = await range(to, testTo);
  mkdirSync(out, { recursive: true });
  writeNpy(join(out, 'X_train.npy'), join(out, 'y_train.npy'), train, 0, train.rows);
  writeNpy(join(out, 'X_test.npy'), join(out, 'y_test.npy'), test, 0, test.rows);
  process.stdout.write(`gold of ${lake}: train ${train.rows} rows (${train.unlabeled} unknown labels skipped), test ${test.rows}, ${train.features.length} features\n`);
});
