import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface TestTls {
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: string;
  cert: string;
  key: string;
}

const CA_FILE = 'ca.pem';
const CERT_FILE = 'server.pem';
const KEY_FILE = 'server-key.pem';
const VALID_DAYS = '2';

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

/**
 * Creates a throwaway CA and a server certificate for 127.0.0.1/localhost signed by it,
 * written to `dir` as ca.pem, server.pem and server-key.pem (the CA key is discarded).
 */
export async function makeTestCertificate(dir: string): Promise<TestTls> {
  await mkdir(dir, { recursive: true });
  const caKeyFile = 'ca-key.pem';
  const csrFile = 'server.csr';
  const extFile = 'server-ext.cnf';
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  await openssl(
    [
      'req', '-x509', ...ecKey, '-keyout', caKeyFile, '-out', CA_FILE, '-days', VALID_DAYS,
      '-subj', '/CN=Deepgram Double Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await openssl(['req', '-new', ...ecKey, '-keyout', KEY_FILE, '-out', csrFile, '-subj', '/CN=localhost'], dir);
  await writeFile(
    join(dir, extFile),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  await openssl(
    [
      'x509', '-req', '-in', csrFile, '-CA', CA_FILE, '-CAkey', caKeyFile,
      '-set_serial', `0x${randomBytes(16).toString('hex')}`,
      '-days', VALID_DAYS, '-extfile', extFile, '-out', CERT_FILE,
    ],
    dir,
  );
  await Promise.all([caKeyFile, csrFile, extFile].map((name) => rm(join(dir, name), { force: true })));

  const caFile = join(dir, CA_FILE);
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  const [ca, cert, key] = await Promise.all([readFile(caFile, 'utf8'), readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { caFile, certFile, keyFile, ca, cert, key };
}

/** Reads the certificate set written by makeTestCertificate into the folder named by DG_TEST_TLS_DIR. */
export function testTlsFromEnv(): TestTls | undefined {
  const dir = process.env['DG_TEST_TLS_DIR'];
  if (!dir) return undefined;
  const caFile = join(dir, CA_FILE);
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  for (const file of [caFile, certFile, keyFile]) {
    if (!existsSync(file)) throw new Error(`DG_TEST_TLS_DIR is set but ${file} does not exist`);
  }
  return {
    caFile,
    certFile,
    keyFile,
    ca: readFileSync(caFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
  };
}
