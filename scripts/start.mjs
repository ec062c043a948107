// `npm start`: make sure Electron's binary is there (downloading it with Electron's own installer,
// which honours ELECTRON_MIRROR, electron_config_cache and proxy settings), build, then open the
// app. When Electron cannot be had, say why in one line and exit non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const fallback = 'Try the interface in a browser instead: npm run dev:web';

function fail(message) {
  console.error(`Cannot start Deepgram Desk: ${message}. ${fallback}`);
  process.exit(1);
}

function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return fail(`the ${name} package is not installed (run npm install)`);
  }
}

const electronDir = packageDir('electron');
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
// The platform and architecture Electron's installer downloads for (it reads the same settings).
const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;

// The executable inside Electron's dist folder, as the electron package names it.
function executableName() {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

// Where the electron package itself would look (its index.js): path.txt under dist/, or the
// ELECTRON_OVERRIDE_DIST_PATH folder.
function installedBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, recorded || executableName()) : recorded && join(electronDir, 'dist', recorded);
  return binary && existsSync(binary) ? binary : undefined;
}

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

function installerEnv() {
  const env = { ...process.env };
  // @electron/get logs the URL it fetches under this debug namespace; the failure line names it.
  env.DEBUG = [process.env.DEBUG, '@electron/get:index'].filter(Boolean).join(',');
  if (proxyVariables.some((name) => process.env[name])) {
    // @electron/get routes through HTTP(S)_PROXY/NO_PROXY only when asked; Node's own fetch does
    // the same with NODE_USE_ENV_PROXY, for when its undici-based hook is unavailable.
    env.ELECTRON_GET_USE_PROXY ??= 'true';
    env.NODE_USE_ENV_PROXY ??= '1';
  }
  return env;
}

function runInstaller() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { cwd: root, env: installerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const networkReasons = [
  [/^(ENOTFOUND|EAI_AGAIN)$/, (host) => `cannot resolve ${host} (no network, or no DNS)`],
  [/^ECONNREFUSED$/, (host) => `${host} refused the connection`],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|TimeoutError)$/, (host) => `no network route to ${host}`],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET)$/, (host) => `the connection to ${host} was cut`],
  [/^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_)/, (host) => `the TLS certificate of ${host} is not trusted (behind an inspecting proxy, set NODE_EXTRA_CA_CERTS)`],
];

// The installer prints only "fetch failed" for a network error; ask the same URL once more to
// learn the cause (DNS, refused, unreachable, TLS).
async function networkReason(url) {
  const host = new URL(url).host;
  const viaProxy = proxyVariables.find((name) => process.env[name]);
  if (viaProxy) return `could not fetch ${url} through the proxy in ${viaProxy}`;
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(8000) });
    return `the download from ${host} was interrupted`;
  } catch (error) {
    const code = error?.cause?.code ?? error?.name ?? '';
    const known = networkReasons.find(([pattern]) => pattern.test(code));
    return known ? known[1](host) : `could not reach ${host} (${error?.cause?.message ?? error?.message})`;
  }
}

async function failureReason(output) {
  const http = /Response code (\d+) \(([^)]*)\) for (\S+)/.exec(output);
  if (http) return `${new URL(http[3]).host} answered ${http[1]}${http[2] ? ` ${http[2]}` : ''} for ${http[3]}`;
  const url = /Downloading (\S+) to /.exec(output)?.[1];
  if (/did not match expected checksum/i.test(output)) return `the archive${url ? ` from ${new URL(url).host}` : ''} does not match Electron's published checksum`;
  if (url && /fetch failed/.test(output)) return networkReason(url);
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line && !/@electron\/get:/.test(line));
  return (lines[0] ?? 'the installer failed without a message').slice(0, 300);
}

async function ensureElectron() {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`ELECTRON_PATH is set to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const present = installedBinary();
  if (present) return present;
  if (process.stdout.isTTY) console.log(`Downloading Electron ${electronVersion} (first start only)…`);
  const { code, output } = await runInstaller();
  if (code !== 0) fail(`downloading Electron ${electronVersion} for ${platform}-${arch} failed: ${await failureReason(output)}`);
  const installed = installedBinary();
  if (!installed) fail(`Electron's installer finished, but no Electron binary is where it said (${electronDir})`);
  return installed;
}

const binary = await ensureElectron();

const electronVite = join(packageDir('electron-vite'), 'bin/electron-vite.js');
const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Set, it would make Electron run as plain Node instead of opening the app.
const appEnv = { ...process.env };
delete appEnv.ELECTRON_RUN_AS_NODE;
const app = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: appEnv });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('error', (error) => fail(`Electron at ${binary} did not start (${error.message})`));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
