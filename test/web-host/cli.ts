import { homedir } from 'node:os';
import { join } from 'node:path';
import { KeytarSecretStore } from '../../main/services/keys/secret-store';
import { startWebHost } from './web-host';

// `npm run dev:web`: the UI in a browser on machines without Electron, wired to the real services.
const dataDir = process.env.APP_DATA_DIR ?? join(homedir(), '.deepgram-desk-web');
const host = await startWebHost({
  dataDir,
  ...(process.env.APP_DEEPGRAM_URL ? { deepgramUrl: process.env.APP_DEEPGRAM_URL } : {}),
  secrets: new KeytarSecretStore(process.env.APP_KEYCHAIN_SERVICE ?? 'Deepgram Desk (web)'),
  port: Number(process.env.PORT ?? 0),
});
console.log(`Deepgram Desk (web) is serving on loopback only. Open this URL (it carries the access token):\n\n  ${host.url}\n`);
console.log(`Data folder: ${dataDir}  ·  Log: ${host.logFile}  ·  Ctrl+C to stop`);
const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
