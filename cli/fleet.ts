import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { lakeDefinition } from '../fleet/definitions.js';
import type { Fleet } from '../fleet/fleet.js';
import { readFleetText } from '../fleet/load.js';
import { tryDefinition, type DefinitionTrial } from '../jobs/fleet-check.js';
import { adoptDefinition, type Adoption } from '../jobs/lake-fleet.js';
import { InputError } from '../sql/errors.js';
import { asLockHolder, asReader } from './lake.js';
import { action, parseOptions, waitOption } from './options.js';

/** One line on what a definition declares, so that a check that passes still shows what it read. */
function summaryOf(fleet: Fleet): string {
  const sources = fleet.sources.map((s) => `${s.name} (${s.holds})`).join(', ');
  return `${fleet.sources.length} source(s): ${sources}; ${fleet.sensors.length} sensor(s); classes ${fleet.classes.join(', ')}; step ${fleet.features.step.text}, horizon ${fleet.features.horizon.text}`;
}

function printTrial(trial: DefinitionTrial): void {
  for (const f of trial.files) {
    const what = f.status === 'loaded' ? `${f.table}: ${f.rows} rows` : f.message;
    process.stdout.write(`  ${f.status.padEnd(8)} ${f.file}: ${what}\n`);
  }
  for (const t of trial.silver?.tables ?? []) {
    const reasons = Object.entries(t.reasons).map(([reason, n]) => `${n} ${reason}`).join(', ');
    process.stdout.write(`  silver   ${t.table}: ${t.silverRows} of ${t.bronzeRows} rows kept, ${t.exactDuplicates + t.conflictingDuplicates} duplicate(s), ${t.quarantined} quarantined${reasons ? ` (${reasons})` : ''}\n`);
  }
}

/** What an adoption makes stale and how to bring the lake up to it. */
function adoptionLines(adoption: Adoption): string[] {
  const { difference } = adoption;
  if (adoption.version === undefined) return ['the lake already has exactly this definition: nothing changed'];
  const lines = [`the lake's fleet definition is now version ${adoption.version}${adoption.previous ? ` (was ${adoption.previous.version})` : ''}`];
  if (!difference) return [...lines, 'the lake had no recorded definition: if silver was built under another one, rebuild with `lakescore build all --reset`'];
  lines.push(...(difference.parts.length > 0 ? difference.parts.map((p) => `  ${p}`) : ['  the same definition in other words (or another export mapping): nothing to rebuild']));
  if (difference.rebuild) {
    lines.push('silver is rebuilt in full, and gold with it, by the next `lakescore run`, or now with `lakescore build all --reset`');
    lines.push('models trained under the earlier definition may not score the new gold: train and promote a new one');
  }
  return lines;
}

export function registerFleet(program: Command): void {
  const fleet = program.command('fleet').description("the lake's fleet definition: show it, check a file, adopt a new one (docs/fleet.md)");
  fleet
    .command('show')
    .description("print the definition the lake is built under (its text to stdout, so `fleet show > lakescore.yaml` gives it back)")
    .action(
      action(async (_raw: unknown, command: Command) => {
        await asReader(command, undefined, async (session) => {
          const lake = await lakeDefinition(session);
          if (!lake) throw new InputError("this lake has no recorded fleet definition yet: its first write adopts the one given (--fleet, LAKESCORE_FLEET, ./lakescore.yaml) or the built-in one");
          process.stderr.write(`# version ${lake.version}, adopted ${lake.adoptedAt.toISOString()} from ${lake.origin}\n`);
          process.stdout.write(lake.text.endsWith('\n') ? lake.text : `${lake.text}\n`);
        });
      }),
    );
  fleet
    .command('check')
    .description('validate a definition without touching a lake; with data files, also load them into a throwaway lake and say what silver makes of them')
    .argument('<file>', 'the definition')
    .argument('[data...]', 'sample files or directories its sources should read')
    .action(
      action(async (file: string, data: string[]) => {
        const given = readFleetText(file);
        process.stdout.write(`${file}: valid: ${summaryOf(given.fleet)}\n`);
        if (data.length === 0) return;
        const trial = await tryDefinition(given.fleet, data);
        if (trial.files.length === 0) throw new InputError(`${data.join(', ')}: no data files in it or below for ${file}`);
        printTrial(trial);
        const rejected = trial.files.filter((f) => f.status === 'rejected').length;
        if (rejected > 0) throw new InputError(`${rejected} of ${trial.files.length} file(s) do not fit ${file}`);
      }),
    );
  fleet
    .command('apply')
    .description("make FILE the lake's fleet definition, as one commit: shows what differs and what must be rebuilt")
    .argument('<file>', 'the definition to adopt')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (file: string, raw: Record<string, unknown>, command: Command) => {
        const { wait } = parseOptions(z.object({ wait: waitOption }), raw);
        // stored as an absolute path, as --fleet is, so that it names the file from anywhere
        const given = readFleetText(resolve(file));
        const adoption = await asLockHolder(command, 'fleet apply', wait, (session) => adoptDefinition(session, given));
        process.stdout.write(`${adoptionLines(adoption).join('\n')}\n`);
      }),
    );
}
