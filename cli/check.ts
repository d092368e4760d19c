import type { Command } from 'commander';
import { z } from 'zod';
import { checkLake } from '../sql/check.js';
import { DamageError } from '../sql/errors.js';
import { asReader } from './lake.js';
import { action, parseOptions } from './options.js';

const schema = z.object({ quick: z.boolean().default(false) });

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('verify every file the lake names: present, its published size, a readable Parquet footer, its checksum')
    .option('--quick', 'skip the checksums (which read every byte)')
    .action(
      action(async (raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        await asReader(command, undefined, async (session) => {
          const result = await checkLake(session, options);
          for (const d of result.damage) process.stdout.write(`damaged: ${d.table}: ${d.file}: ${d.problem}\n`);
          if (result.lock) process.stdout.write(`lock: ${result.lock.problem}\n`);
          const unrecorded = result.unrecorded > 0 ? `; ${result.unrecorded} published before checksums were recorded: presence and footer only` : '';
          const scope = `${result.files} files of ${result.tables} tables (catalog version ${result.catalogVersion})${unrecorded}`;
          if (result.damage.length > 0) {
            throw new DamageError(`${result.damage.length} damaged among ${scope}; see "When the lake is damaged" in the README`);
          }
          if (result.lock && !result.lock.replacedByNextWriter) throw new DamageError(`the writer lock is unusable; see "When the lake is damaged" in the README`);
          process.stdout.write(`ok: ${scope}${options.quick ? ', checksums skipped' : ''}\n`);
        });
      }),
    );
}
