import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { exportParquet, runReadOnlyQuery } from '../sql/adhoc.js';
import { writeFileAtomically } from '../sql/atomic-file.js';
import { checkedOutputFile } from '../sql/output-path.js';
import { renderResult } from './format.js';
import { asFleetReader, lakeDir } from './lake.js';
import { action, asOfOption, parseOptions } from './options.js';

const schema = z
  .object({
    format: z.enum(['table', 'csv', 'json', 'parquet']).default('table'),
    out: z.string().min(1).optional(),
    force: z.boolean().default(false),
    allowRead: z.array(z.string().min(1)).default([]),
    asOf: asOfOption.optional(),
  })
  .refine((o) => o.format !== 'parquet' || o.out !== undefined, { message: 'parquet output needs --out FILE', path: ['out'] });

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run a read-only SQL query over every table of the lake')
    .argument('<query>', 'one SELECT statement')
    .option('--format <format>', 'table, csv, json or parquet', 'table')
    .option('--out <file>', 'write the result to this file (outside the lake) instead of standard output')
    .option('--force', 'replace the --out file if it exists')
    .option('--as-of <version>', 'see the lake as it was at this version (see `lakescore history`) or time (2026-11-29T02:00:00Z)')
    .option('--allow-read <dir>', 'also let the query read files in this directory (repeatable)', (dir: string, dirs: string[] = []) => [...dirs, dir])
    .action(
      action(async (query: string, raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        const out = options.out === undefined ? undefined : checkedOutputFile(lakeDir(command), options.out, options.force);
        const readable = options.allowRead.map((dir) => resolve(dir));
        await asFleetReader(command, options.asOf, async (session) => {
          if (options.format === 'parquet') return await exportParquet(session, query, out as string, readable);
          const text = renderResult(await runReadOnlyQuery(session, query, readable), options.format);
          if (out) writeFileAtomically(out, text);
          else process.stdout.write(text);
        });
      }),
    );
}
