import type { Command } from 'commander';
import { z } from 'zod';
import { assetsInAlert, type AssetInAlert } from '../ml/alerts-now.js';
import { asFleetReader } from './lake.js';
import { action, dateOption, modelRefOption, parseOptions } from './options.js';

const schema = z.object({ asOf: dateOption.optional(), model: modelRefOption });

const minute = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');
const percent = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

/** The risk's move as an arrow a planner reads at a glance: rising, falling or about the same. */
function trend(now: number, before: number | null): string {
  if (before === null) return '';
  const change = now - before;
  return Math.abs(change) < 0.01 ? '=' : change > 0 ? '↑' : '↓';
}

function formatAlerts(assets: AssetInAlert[]): string {
  if (assets.length === 0) return 'no asset is in alert\n';
  const header = ['asset', 'in alert since', 'diagnosis', 'risk', 'a day before', 'a week before', 'scored', 'model'];
  const rows = assets.map((a) => [
    a.asset,
    minute(a.since),
    a.diagnosis,
    percent(a.risk),
    `${percent(a.riskDayBefore)} ${trend(a.risk, a.riskDayBefore)}`.trim(),
    `${percent(a.riskWeekBefore)} ${trend(a.risk, a.riskWeekBefore)}`.trim(),
    minute(a.scoredAt),
    a.model,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), '', `${assets.length} asset${assets.length === 1 ? '' : 's'} in alert`].join('\n') + '\n';
}

export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description("the assets in alert by their model's rule, since when, the diagnosis and the risk's trend (docs/decisions.md)")
    .option('--as-of <day>', 'as the fleet stood at the end of that day (UTC)')
    .option('--model <model>', 'whose results: NAME, NAME@VERSION or NAME@ALIAS', 'pdm@production')
    .action(
      action(async (raw: unknown, command: Command) => {
        const o = parseOptions(schema, raw);
        const before = o.asOf === undefined ? undefined : new Date(Date.parse(`${o.asOf}T00:00:00Z`) + 86_400_000);
        await asFleetReader(command, undefined, async (session, fleet) => void process.stdout.write(formatAlerts(await assetsInAlert(session, fleet, o.model, before))));
      }),
    );
}
