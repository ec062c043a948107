// Filters of the library by when a transcript was made and by how long it is. Pure: the clock
// is passed in, so "today" is the caller's today.

export const dateRanges = ['any', 'today', 'week', 'month', 'older'] as const;
export type DateRange = (typeof dateRanges)[number];

export const durationRanges = ['any', 'short', 'medium', 'long'] as const;
export type DurationRange = (typeof durationRanges)[number];

export interface LibraryFilter {
  date: DateRange;
  duration: DurationRange;
}

export const noLibraryFilter: LibraryFilter = { date: 'any', duration: 'any' };

export const dateRangeLabels: Record<DateRange, string> = {
  any: 'Any date',
  today: 'Today',
  week: 'Last 7 days',
  month: 'Last 30 days',
  older: 'Older than 30 days',
};

export const durationRangeLabels: Record<DurationRange, string> = {
  any: 'Any length',
  short: 'Under 10 min',
  medium: '10–60 min',
  long: 'Over 1 hour',
};

const dayMs = 24 * 60 * 60 * 1000;
const shortUnderSec = 10 * 60;
const longOverSec = 60 * 60;

/** Whether a transcript made at `createdAt` (ISO time) falls in the range, seen from `now` (days are local calendar days for "today"). */
export function inDateRange(createdAt: string, range: DateRange, now: Date): boolean {
  if (range === 'any') return true;
  const made = Date.parse(createdAt);
  // An unreadable date is not hidden by "older", nor claimed by a recent range.
  if (Number.isNaN(made)) return range === 'older';
  switch (range) {
    case 'today': {
      const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
      return made >= midnight;
    }
    case 'week':
      return made >= now.getTime() - 7 * dayMs;
    case 'month':
      return made >= now.getTime() - 30 * dayMs;
    case 'older':
      return made < now.getTime() - 30 * dayMs;
  }
}

/** Whether a transcript of `durationSec` falls in the range: under 10 min, 10 to 60 min (both ends in), over an hour. */
export function inDurationRange(durationSec: number, range: DurationRange): boolean {
  switch (range) {
    case 'any':
      return true;
    case 'short':
      return durationSec < shortUnderSec;
    case 'medium':
      return durationSec >= shortUnderSec && durationSec <= longOverSec;
    case 'long':
      return durationSec > longOverSec;
  }
}

/** The items in both ranges, in their order. */
export function filterLibrary<T extends { createdAt: string; durationSec: number }>(items: readonly T[], filter: LibraryFilter, now: Date): readonly T[] {
  if (filter.date === 'any' && filter.duration === 'any') return items;
  return items.filter((item) => inDateRange(item.createdAt, filter.date, now) && inDurationRange(item.durationSec, filter.duration));
}

/** True when a filter hides something in principle (not "any" on both). */
export function isFiltering(filter: LibraryFilter): boolean {
  return filter.date !== 'any' || filter.duration !== 'any';
}
