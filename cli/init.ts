import type { Command } from 'commander';
import { z } from 'zod';
import { initFleet } from '../fleet/init.js';
import { DEFAULT_FLEET_FILE } from '../fleet/load.js';
import { checkedOutputFile } from '../sql/output-path.js';
import { namedLake } from './lake.js';
import { action, parseOptions } from './options.js';

const initSchema = z.object({
  out: z.string().min(1, 'expected a file name'),
  force: z.boolean().default(false),
  fromData: z.string().min(1, 'expected a directory').optional(),
});

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a fleet definition to start from: the built-in one with a comment on every key, or a draft from your data files')
    .option('--out <file>', 'the file to write', DEFAULT_FLEET_FILE)
    .option('--from-data <dir>', 'draft the definition from the data files in this directory and below (.csv, .tsv, .txt, .gz, .parquet)')
    .option('--force', 'overwrite the file if it exists', false)
    .action(
      action(async (raw: unknown, command: Command) => {
        const options = parseOptions(initSchema, raw);
        checkedOutputFile(namedLake(command), options.out, options.force);
        const result = await initFleet(options);
        process.stdout.write(`${result.lines.join('\n')}\n`);
      }),
    );
}
