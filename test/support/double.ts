import { startDeepgramDouble } from '../deepgram-double/server';
import type { DeepgramDouble, DoubleKey } from '../deepgram-double/server';
import { testTlsFromEnv } from './test-tls';

export const validKey = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const projectName = 'Acme Transcripts';

/** The double on a certificate whose CA this test process trusts (set up by `npm test`). */
export async function startTrustedDouble(keys: DoubleKey[] = [{ key: validKey, projectName }]): Promise<DeepgramDouble> {
  const tls = testTlsFromEnv();
  if (!tls || !process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error('No test certificate: run the suite with `npm test`, which makes one and trusts it via NODE_EXTRA_CA_CERTS.');
  }
  return startDeepgramDouble({ cert: tls.cert, key: tls.key, keys });
}
