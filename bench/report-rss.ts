import { writeFileSync } from 'node:fs';

/**
 * Preloaded (`node --import`) into a measured process: at exit it writes the process's peak
 * resident memory, DuckDB's native allocations included, where the harness asked.
 */
const target = process.env.LAKESCORE_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
