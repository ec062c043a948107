import { describe, expect, it } from 'vitest';
import { filterLibrary, inDateRange, inDurationRange, isFiltering, noLibraryFilter } from '../../renderer/lib/library-filter';

// A fixed local moment: 5 December 2026, 15:30 local time.
const now = new Date(2026, 11, 5, 15, 30);
const local = (month: number, day: number, hour = 12, minute = 0): string => new Date(2026, month, day, hour, minute).toISOString();
const daysAgo = (days: number, extraMs = 0): string => new Date(now.getTime() - days * 86_400_000 - extraMs).toISOString();

describe('inDateRange', () => {
  it('today is the local calendar day: from midnight on, not the last 24 hours', () => {
    expect(inDateRange(local(11, 5, 0, 0), 'today', now)).toBe(true);
    expect(inDateRange(local(11, 5, 15, 29), 'today', now)).toBe(true);
    expect(inDateRange(local(11, 4, 23, 59), 'today', now)).toBe(false);
  });

  it('the last 7 and 30 days count back from now, the edge included', () => {
    expect(inDateRange(daysAgo(7), 'week', now)).toBe(true);
    expect(inDateRange(daysAgo(7, 1), 'week', now)).toBe(false);
    expect(inDateRange(daysAgo(30), 'month', now)).toBe(true);
    expect(inDateRange(daysAgo(30, 1), 'month', now)).toBe(false);
  });

  it('older is exactly what the last 30 days leave out', () => {
    for (const made of [daysAgo(0), daysAgo(29), daysAgo(30), daysAgo(30, 1), daysAgo(400)]) {
      expect(inDateRange(made, 'older', now)).toBe(!inDateRange(made, 'month', now));
    }
  });

  it('any takes everything; an unreadable date only shows under any and older', () => {
    expect(inDateRange('not a date', 'any', now)).toBe(true);
    expect(inDateRange('not a date', 'older', now)).toBe(true);
    expect(inDateRange('not a date', 'today', now)).toBe(false);
    expect(inDateRange('not a date', 'month', now)).toBe(false);
  });
});

describe('inDurationRange', () => {
  it('splits at 10 minutes and at an hour, both edges in the middle range', () => {
    expect(inDurationRange(599.9, 'short')).toBe(true);
    expect(inDurationRange(600, 'short')).toBe(false);
    expect(inDurationRange(600, 'medium')).toBe(true);
    expect(inDurationRange(3600, 'medium')).toBe(true);
    expect(inDurationRange(3600, 'long')).toBe(false);
    expect(inDurationRange(3600.1, 'long')).toBe(true);
    expect(inDurationRange(0, 'any')).toBe(true);
  });
});

describe('filterLibrary', () => {
  const items = [
    { id: 'a', createdAt: local(11, 5, 9), durationSec: 120 },
    { id: 'b', createdAt: daysAgo(3), durationSec: 1_800 },
    { id: 'c', createdAt: daysAgo(20), durationSec: 7_200 },
    { id: 'd', createdAt: daysAgo(90), durationSec: 300 },
  ];
  const ids = (list: readonly { id: string }[]): string[] => list.map((i) => i.id);

  it('keeps the items in both ranges, in their order', () => {
    expect(ids(filterLibrary(items, { date: 'week', duration: 'any' }, now))).toEqual(['a', 'b']);
    expect(ids(filterLibrary(items, { date: 'any', duration: 'short' }, now))).toEqual(['a', 'd']);
    expect(ids(filterLibrary(items, { date: 'month', duration: 'short' }, now))).toEqual(['a']);
    expect(ids(filterLibrary(items, { date: 'older', duration: 'long' }, now))).toEqual([]);
    expect(ids(filterLibrary(items, { date: 'month', duration: 'long' }, now))).toEqual(['c']);
  });

  it('with no filter, gives the same list back', () => {
    expect(filterLibrary(items, noLibraryFilter, now)).toBe(items);
    expect(isFiltering(noLibraryFilter)).toBe(false);
    expect(isFiltering({ date: 'any', duration: 'long' })).toBe(true);
  });
});
