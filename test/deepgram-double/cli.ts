import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCertificate } from '../support/test-tls';
import { startDeepgramDouble } from './server';

// Usage: tsx test/deepgram-double/cli.ts   (env: DG_DOUBLE_KEY, DG_DOUBLE_PORT)

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomKey(): string {
  return Array.from({ length: 40 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

async function main(): Promise<void> {
  const certDir = await mkdtemp(join(tmpdir(), 'dg-double-tls-'));
  const tls = await makeTestCertificate(certDir);
  const key = process.env['DG_DOUBLE_KEY'] || randomKey();
  const port = Number(process.env['DG_DOUBLE_PORT'] ?? 0);
  const double = await startDeepgramDouble({ cert: tls.cert, key: tls.key, ca: tls.ca, keys: [{ key }], port }).catch(
    async (error: unknown) => {
      await rm(certDir, { recursive: true, force: true });
      throw error;
    },
  );

  console.log(`Deepgram double listening on ${double.url} (REST and WSS)`);
  console.log(`API key:  ${key}`);
  console.log(`CA file:  ${tls.caFile}`);
  console.log(`Trust it: NODE_EXTRA_CA_CERTS=${tls.caFile} `);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void double
      .close()
      .then(() => rm(certDir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
