import type { Command } from 'commander';
import { z } from 'zod';
import { recentRuns } from '../deliver/runs.js';
import { renderResult } from './format.js';
import { asFleetReader } from './lake.js';
import { action, intOption, parseOptions } from './options.js';

const schema = z.object({ limit: intOption(1, 100_000), format: z.enum(['table', 'csv', 'json']) });

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('recent loads, builds, trainings, scoring runs and exports with status and duration')
    .option('--limit <n>', 'how many, newest first', '20')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(
      action(async (raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        await asFleetReader(command, undefined, async (session, fleet) => {
          const rows = await recentRuns(session, { limit: options.limit });
          const columns = ['kind', 'id', 'what', 'status', 'rows', 'started_at', 'seconds', 'error'];
          const table = rows.map((r) => {
            const seconds = r.started_at instanceof Date && r.finished_at instanceof Date ? ((r.finished_at.getTime() - r.started_at.getTime()) / 1000).toFixed(1) : null;
            return [r.kind, r.id, r.what, r.status, r.rows, r.started_at, seconds, r.error];
          });
          process.stdout.write(renderResult({ columns, rows: table }, options.format));
        });
      }),
    );
}
