import { appendFileSync, copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SOURCE_TABLES, type SourceTable } from '../bronze/simulate/shape.js';
import { tableFileName } from '../bronze/simulate/sinks.js';
import { dayOf } from './harness.js';

/**
 * The built-in simulator's output as it would arrive night by night: one CSV per day and table
 * (the day is the first ten characters of a row's datetime, which the clean simulator writes
 * first), with the maintenance history from before the first day and the machines table in the
 * first night's files. Made once per simulated fleet and reused.
 */
const FLUSH_BYTES = 1 << 20;
const DONE = 'nights.json';

const hasDatetime = (table: SourceTable): boolean => table !== 'machines';

/** Appends a table's rows to its per-day files, a buffer at a time. */
class DayFiles {
  private readonly pending = new Map<string, { lines: string[]; bytes: number }>();
  readonly days = new Set<string>();

  constructor(private readonly out: string, private readonly table: SourceTable, private readonly header: string) {}

  path(day: string): string {
    return join(this.out, `${day}-${this.table}.csv`);
  }

  add(day: string, line: string): void {
    let buffer = this.pending.get(day);
    if (!buffer) {
      buffer = { lines: [], bytes: 0 };
      this.pending.set(day, buffer);
      if (!this.days.has(day)) writeFileSync(this.path(day), `${this.header}\n`);
      this.days.add(day);
    }
    buffer.lines.push(line);
    buffer.bytes += line.length + 1;
    if (buffer.bytes >= FLUSH_BYTES) this.flush(day);
  }

  private flush(day: string): void {
    const buffer = this.pending.get(day);
    if (!buffer) return;
    appendFileSync(this.path(day), buffer.lines.join('\n') + '\n');
    this.pending.delete(day);
  }

  flushAll(): void {
    for (const day of [...this.pending.keys()]) this.flush(day);
  }
}

async function splitTable(source: string, out: string, table: SourceTable, firstDay: string): Promise<Set<string>> {
  let files: DayFiles | undefined;
  for await (const line of createInterface({ input: createReadStream(join(source, tableFileName(table, 'csv'))), crlfDelay: Infinity })) {
    if (files === undefined) {
      files = new DayFiles(out, table, line);
      continue;
    }
    if (line.length === 0) continue;
    const day = line.slice(0, 10);
    files.add(day < firstDay ? firstDay : day, line);
  }
  files?.flushAll();
  return files?.days ?? new Set();
}

/** Per night, oldest first, the files that arrive that night (day, then table, order). */
export async function hourlyNights(simulated: string, firstDay: string, days: number): Promise<string[][]> {
  const out = `${simulated}-days`;
  if (existsSync(join(out, DONE))) return JSON.parse(readFileSync(join(out, DONE), 'utf8')) as string[][];
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const byTable = new Map<SourceTable, Set<string>>();
  for (const table of SOURCE_TABLES.filter(hasDatetime)) byTable.set(table, await splitTable(simulated, out, table, firstDay));
  const machines = join(out, `${firstDay}-machines.csv`);
  copyFileSync(join(simulated, tableFileName('machines', 'csv')), machines);
  const nights: string[][] = [];
  for (let i = 0; i < days; i++) {
    const day = dayOf(firstDay, i);
    const tables = SOURCE_TABLES.filter((t) => !hasDatetime(t) ? i === 0 : byTable.get(t)?.has(day));
    nights.push(tables.map((t) => (hasDatetime(t) ? join(out, `${day}-${t}.csv`) : machines)));
  }
  writeFileSync(join(out, DONE), JSON.stringify(nights));
  return nights;
}
