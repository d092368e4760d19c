// Runs failures.sql with DuckDB: reads the C-MAPSS files in DATA_DIR, writes the two derived
// failures files into OUT_DIR. Paths are bound parameters of the SQL.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const [data, out] = process.argv.slice(2);
if (!data || !out) {
  process.stderr.write('usage: node derive-failures.mjs DATA_DIR OUT_DIR\n');
  process.exit(2);
}
const sql = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'failures.sql'), 'utf8');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const statements = await connection.extractStatements(sql);
for (let i = 0; i < statements.count; i++) {
  const prepared = await statements.prepare(i);
  for (let p = 1; p <= prepared.parameterCount; p++) prepared.bindValue(p, { data, out }[prepared.parameterName(p)]);
  await prepared.run();
}
connection.closeSync();
instance.closeSync();
