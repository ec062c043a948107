declare module 'vitest' {
  interface TaskMeta {
    /** Why a test skips; `npm test` prints it and, under CI, fails the run with it. */
    skipReason?: string;
  }
}

/** Whether this run is CI (`.ci/run` sets CI=true): there a missing prerequisite fails instead of skipping. */
export function inCi(): boolean {
  const value = process.env['CI']?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}
