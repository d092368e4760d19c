import type { Command } from 'commander';
import { z } from 'zod';
import { declareBronzeTables } from '../bronze/tables.js';
import { DEFAULT_FEATURE_PARAMS } from '../gold/params.js';
import { declareGoldTables } from '../gold/tables.js';
import { declareModelTables } from '../ml/registry.js';
import { declareResultTables } from '../ml/results.js';
import { declareSilverTables } from '../silver/build.js';
import { runReadOnlyQuery } from '../sql/adhoc.js';
import { LakeSession } from '../sql/duckdb.js';
import { renderResult } from './format.js';
import { lakeDir } from './lake.js';
import { action, parseOptions } from './options.js';

const schema = z.object({ format: z.enum(['table', 'csv', 'json']).default('table') });

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run a read-only SQL query over the lake (every layer table is a view)')
    .argument('<query>', 'one SELECT statement')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(
      action(async (query: string, raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        const session = await LakeSession.open(lakeDir(command));
        try {
          await declareBronzeTables(session);
          await declareSilverTables(session);
          await declareGoldTables(session, DEFAULT_FEATURE_PARAMS);
          await declareModelTables(session);
          await declareResultTables(session);
          process.stdout.write(renderResult(await runReadOnlyQuery(session, query), options.format));
        } finally {
          session.close();
        }
      }),
    );
}
