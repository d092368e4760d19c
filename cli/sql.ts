import type { Command } from 'commander';
import { z } from 'zod';
import { declareAllTables } from '../ml/history.js';
import { exportParquet, runReadOnlyQuery, writeFileAtomically } from '../sql/adhoc.js';
import { LakeSession } from '../sql/duckdb.js';
import { renderResult } from './format.js';
import { fleetOf, lakeDir } from './lake.js';
import { action, parseOptions } from './options.js';

const schema = z
  .object({ format: z.enum(['table', 'csv', 'json', 'parquet']).default('table'), out: z.string().min(1).optional() })
  .refine((o) => o.format !== 'parquet' || o.out !== undefined, { message: 'parquet output needs --out FILE', path: ['out'] });

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run a read-only SQL query over every table of the lake')
    .argument('<query>', 'one SELECT statement')
    .option('--format <format>', 'table, csv, json or parquet', 'table')
    .option('--out <file>', 'write the result to this file instead of standard output')
    .action(
      action(async (query: string, raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        const fleet = fleetOf(command);
        await LakeSession.using(lakeDir(command), {}, async (session) => {
          await declareAllTables(session, fleet);
          if (options.format === 'parquet') return await exportParquet(session, query, options.out as string);
          const text = renderResult(await runReadOnlyQuery(session, query), options.format);
          if (options.out) writeFileAtomically(options.out, text);
          else process.stdout.write(text);
        });
      }),
    );
}
