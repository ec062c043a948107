// A main process reduced to its services, for tests that kill it: composes them exactly as the app
// does, stores the key, optionally queues one file, and prints every event as a JSON line.
import { composeServices } from '../../main/compose';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import { SecretRedactor } from '../../main/services/logging/logger';
import { defaultTranscribeOptions } from '../../common/domain';
import { InMemorySecretStore } from './in-memory-secret-store';

const { DATA_DIR, BASE_URL, DG_KEY, QUEUE_FILE } = process.env;
if (!DATA_DIR || !BASE_URL || !DG_KEY) throw new Error('DATA_DIR, BASE_URL and DG_KEY are required');

const logger = { info: () => {}, warn: () => {}, error: (line: string) => process.stderr.write(`${line}\n`) };
const services = composeServices({
  dataDir: DATA_DIR,
  defaultBaseUrl: BASE_URL,
  secrets: new InMemorySecretStore(),
  deepgram: new SdkDeepgramGateway(),
  events: { emit: (event, payload) => process.stdout.write(`${JSON.stringify({ event, payload })}\n`) },
  logger,
  redactor: new SecretRedactor(),
  pickFiles: async () => [],
});
await services.keys.set({ key: DG_KEY, baseUrl: BASE_URL });
await services.start();
if (QUEUE_FILE) await services.queue.start([QUEUE_FILE], defaultTranscribeOptions);
process.stdout.write(`${JSON.stringify({ event: 'ready', payload: services.queue.list() })}\n`);
