// A main process reduced to its services, for tests that kill it: composes them exactly as the app
// does, stores the key, optionally queues one file, and prints every event as a JSON line.
import { composeServices, deepgramHosts } from '../../main/compose';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import { SecretRedactor } from '../../main/services/logging/logger';
import { defaultTranscribeOptions } from '../../common/domain';
import { InMemorySecretStore } from './in-memory-secret-store';

const { DATA_DIR, BASE_URL, DG_KEY, QUEUE_FILE } = process.env;
if (!DATA_DIR || !BASE_URL || !DG_KEY) throw new Error('DATA_DIR, BASE_URL and DG_KEY are required');

const logger = { info: () => {}, warn: () => {}, error: (line: string) => process.stderr.write(`${line}\n`) };
const services = composeServices({
  dataDir: DATA_DIR,
  ...deepgramHosts(BASE_URL),
  keychainProbe: async () => ({ available: true, problem: null }),
  secrets: new InMemorySecretStore(),
  deepgram: new SdkDeepgramGateway(),
  events: { emit: (event, payload) => process.stdout.write(`${JSON.stringify({ event, payload })}\n`) },
  logger,
  redactor: new SecretRedactor(),
  pickFiles: async () => [],
});
// The keychain here is memory: a restarted process gives the profile it finds on disk its key again.
const existing = (await services.keys.status()).profiles[0];
await services.keys.save({ ...(existing ? { profileId: existing.id } : {}), name: 'Test', endpoint: { kind: 'us' }, key: DG_KEY });
await services.start();
if (QUEUE_FILE) await services.queue.start([QUEUE_FILE], defaultTranscribeOptions);
process.stdout.write(`${JSON.stringify({ event: 'ready', payload: services.queue.list() })}\n`);
