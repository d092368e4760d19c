import type { Command } from 'commander';
import { z } from 'zod';
import { ingest, type IngestProgress } from '../bronze/ingest.js';
import { STAGING_MEMORY_MIB } from '../bronze/read-file.js';
import { InputError } from '../sql/errors.js';
import { asWriter } from './lake.js';
import { action, parseOptions, waitOption } from './options.js';

const schema = z.object({ wait: waitOption });

/** A one-line progress display, only on a terminal and only for files that take a while. */
function progressPrinter(): (p: IngestProgress) => void {
  if (!process.stderr.isTTY) return () => {};
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    const pct = p.fraction === undefined ? '' : ` ${Math.min(100, Math.round(p.fraction * 100))}%`;
    process.stderr.write(`\r\x1b[K${p.phase} ${p.file}${pct}`);
  };
}

/** The versions an ingest's batches became (docs/lake.md, "Ingest in batches"). */
function publishedAs(versions: readonly number[]): string {
  if (versions.length === 0) return '';
  if (versions.length === 1) return `; published as version ${versions[0]}`;
  return `; published in ${versions.length} batches, versions ${versions[0]} to ${versions.at(-1)}`;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('load source files (CSV, gzip CSV, Parquet) or directories of them into bronze')
    .argument('<paths...>', 'files or directories')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (paths: string[], raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        await asWriter(command, 'ingest', options.wait, async (session, fleet) => {
          const progress = progressPrinter();
          const result = await ingest(session, fleet, paths, progress);
          if (result.outcomes.length === 0) throw new InputError(`no data files in ${paths.join(', ')} (.csv, .csv.gz, .parquet, or names a source's files pattern matches)`);
          if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
          for (const outcome of result.outcomes) {
            process.stdout.write(`${outcome.status.padEnd(8)} ${outcome.file}: ${outcome.message}\n`);
          }
          if (result.ignored.length) process.stdout.write(`ignored  ${result.ignored.length} file(s) that are not data files\n`);
          const loaded = result.outcomes.filter((o) => o.status === 'loaded');
          const skipped = result.outcomes.filter((o) => o.status === 'skipped').length;
          const rejected = result.outcomes.filter((o) => o.status === 'rejected');
          const rows = loaded.reduce((sum, o) => sum + o.rows, 0);
          process.stdout.write(`${loaded.length} file(s) loaded (${rows} rows), ${skipped} already loaded, ${rejected.length} rejected${publishedAs(result.versions)}\n`);
          if (rejected.length) throw new InputError(`${rejected.length} file(s) rejected: ${rejected.map((o) => o.file).join(', ')}`);
        }, STAGING_MEMORY_MIB);
      }),
    );
}
