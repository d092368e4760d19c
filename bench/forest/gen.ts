import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticDataset, writeNpy } from './data.js';

/** node dist/bench/forest/gen.js <dir> [trainRows] [testRows]: writes X/y train/test .npy files. */
const [dir, trainArg, testArg] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: gen <dir> [trainRows] [testRows]');
const trainRows = Number(trainArg ?? 730_000);
const testRows = Number(testArg ?? 200_000);
mkdirSync(dir, { recursive: true });
const data = syntheticDataset(trainRows + testRows, 12345);
writeNpy(join(dir, 'X_train.npy'), join(dir, 'y_train.npy'), data, 0, trainRows);
writeNpy(join(dir, 'X_test.npy'), join(dir, 'y_test.npy'), data, trainRows, trainRows + testRows);
