import { describe, expect, it } from 'vitest';
import { partitionOf, partitionOverlaps, partitionSpan, replacedBy, settledBefore, settlingMonths } from '../sql/partitions.js';

const at = (text: string): Date => new Date(`${text}Z`);

describe('time partitions', () => {
  it('reads a partition from a file path, and nothing from another layout', () => {
    expect(partitionOf('silver/build-000003-ab/telemetry/_part=2015-03-04/data_0.parquet')).toBe('2015-03-04');
    expect(partitionOf('gold/build-000001-ab/features/_part=2015-03/data_0.parquet')).toBe('2015-03');
    expect(partitionOf('silver/build-000003-ab/machines/_part=all/data_0.parquet')).toBe('all');
    expect(partitionOf('silver/build-000003-ab/telemetry/_month=2015-03/data_0.parquet')).toBeUndefined();
    expect(partitionOf('gold/build-000001-ab/2015-03.parquet')).toBeUndefined();
    expect(partitionOf('x/_part=2015-3/data_0.parquet')).toBeUndefined();
  });

  it('spans a day, a month (also December and February), and all time', () => {
    expect(partitionSpan('2016-02-29')).toEqual({ start: at('2016-02-29T00:00:00'), end: at('2016-03-01T00:00:00') });
    expect(partitionSpan('2015-12')).toEqual({ start: at('2015-12-01T00:00:00'), end: at('2016-01-01T00:00:00') });
    expect(partitionOverlaps('2015-02', at('2015-02-28T23:00:00'), at('2015-03-02T00:00:00'))).toBe(true);
    expect(partitionOverlaps('2015-02', at('2015-03-01T00:00:00'), at('2015-03-02T00:00:00'))).toBe(false);
    expect(partitionOverlaps('all', at('1990-01-01T00:00:00'), at('1990-01-02T00:00:00'))).toBe(true);
  });

  it('settles a month once the newest row is the settling time past its end', () => {
    const week = 7 * 86_400;
    expect(settledBefore(at('2015-03-07T23:00:00'), week)).toEqual(at('2015-02-01T00:00:00'));
    expect(settledBefore(at('2015-03-08T00:00:00'), week)).toEqual(at('2015-03-01T00:00:00'));
    expect(settledBefore(undefined, week).getTime()).toBeLessThan(at('1900-01-01T00:00:00').getTime());
  });

  it('merges the days of a month that settles, and replaces exactly the files a write covers', () => {
    const files = ['a/_part=2015-01/data_0.parquet', 'a/_part=2015-02-27/data_0.parquet', 'a/_part=2015-02-28/data_0.parquet', 'a/_part=2015-03-01/data_0.parquet'];
    expect(settlingMonths(files, at('2015-03-01T00:00:00'))).toEqual(['2015-02']);
    expect(settlingMonths(files, at('2015-02-01T00:00:00'))).toEqual([]);
    const replaced = replacedBy(new Set(['2015-02', '2015-03-01']));
    expect(files.filter(replaced)).toEqual(files.slice(1));
    expect(replacedBy(new Set(['2015-02-28']))('a/_part=2015-02/data_0.parquet')).toBe(false);
  });
});
