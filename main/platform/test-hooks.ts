/** Overrides that let tests and side-by-side development runs use their own data, server and keychain entry. */
export interface TestHooks {
  dataDir?: string;
  deepgramUrl?: string;
  keychainService?: string;
}

/** Reads the test hooks from the environment; a packaged app honours none of them. */
export function readTestHooks(env: Record<string, string | undefined>, isPackaged: boolean): TestHooks {
  if (isPackaged) return {};
  const hooks: TestHooks = {};
  if (env.APP_DATA_DIR) hooks.dataDir = env.APP_DATA_DIR;
  if (env.APP_DEEPGRAM_URL) hooks.deepgramUrl = env.APP_DEEPGRAM_URL;
  if (env.APP_KEYCHAIN_SERVICE) hooks.keychainService = env.APP_KEYCHAIN_SERVICE;
  return hooks;
}
