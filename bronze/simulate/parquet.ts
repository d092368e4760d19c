/** Converts a simulated CSV table to Parquet with DuckDB, keeping row order so output is reproducible. */
import { DuckDBInstance } from '@duckdb/node-api';
import { SOURCE_COLUMNS, type SourceTable } from './shape.js';

const COLUMN_TYPES: Record<string, string> = {
  datetime: 'TIMESTAMP',
  machineID: 'INTEGER',
  volt: 'DOUBLE',
  rotate: 'DOUBLE',
  pressure: 'DOUBLE',
  vibration: 'DOUBLE',
  age: 'INTEGER',
};

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function columnsStruct(table: SourceTable, typed: boolean): string {
  const columns = SOURCE_COLUMNS[table].map((name) => `${sqlString(name)}: ${sqlString(typed ? (COLUMN_TYPES[name] ?? 'VARCHAR') : 'VARCHAR')}`);
  return `{${columns.join(', ')}}`;
}

export async function csvToParquet(csvPath: string, parquetPath: string, table: SourceTable, typed: boolean): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    // insertion order is DuckDB's default, stated here because reproducible files depend on it
    await connection.run('SET preserve_insertion_order = true');
    await connection.run(`
      COPY (
        SELECT * FROM read_csv(${sqlString(csvPath)}, header = true, delim = ',', quote = '"', escape = '"',
          auto_detect = false, columns = ${columnsStruct(table, typed)}, timestampformat = '%Y-%m-%d %H:%M:%S')
      ) TO ${sqlString(parquetPath)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
