import type { Command } from 'commander';
import { z } from 'zod';
import { lakeHistory, type TableChange } from '../sql/history.js';
import { renderResult } from './format.js';
import { asReader } from './lake.js';
import { action, intOption, parseOptions } from './options.js';

const schema = z.object({ limit: intOption(1, 1_000_000), format: z.enum(['table', 'csv', 'json']) });

const signed = (n: number | null, sign: string): string => (n === null ? `${sign}?` : `${sign}${n}`);

/** `models +3 -2` (rewritten whole), `bronze_telemetry +7200`: rows added and removed per table. */
function describeChange(c: TableChange): string {
  const parts = [c.filesAdded > 0 ? signed(c.rowsAdded, '+') : '', c.filesRemoved > 0 ? signed(c.rowsRemoved, '-') : ''].filter(Boolean);
  return `${c.table} ${parts.join(' ')}`;
}

const sum = (values: (number | null)[]): number | null => (values.includes(null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0));

export function registerHistory(program: Command): void {
  program
    .command('history')
    .description("the lake's versions, newest first: when, by which command, what changed")
    .option('--limit <n>', 'how many versions', '20')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(
      action(async (raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        // through a reader session, for its checks of the lake directory
        const history = await asReader(command, undefined, async (session) => lakeHistory(session.lake, options.limit));
        const rows = history.map((v) => [
          v.version,
          v.committedAt,
          v.command,
          sum(v.changes.map((c) => c.rowsAdded)),
          sum(v.changes.map((c) => c.rowsRemoved)),
          v.changes.map(describeChange).join('; '),
        ]);
        process.stdout.write(renderResult({ columns: ['version', 'committed_at', 'command', 'rows_added', 'rows_removed', 'changes'], rows }, options.format));
      }),
    );
}
