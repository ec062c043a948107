// Renders build/icon.svg into every icon the installers need, offline, and writes them into build/:
//   icon.icns (macOS), icon.ico (Windows), icon.png (1024 px) and icons/<n>x<n>.png (Linux).
// Chromium (Debian's, through Playwright) draws the SVG at each size; @shockpkg/icon-encoder packs
// the ICNS and ICO. Run it after changing the artwork: `node scripts/make-icons.mjs`, then commit.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'build');
const encoder = '@shockpkg/icon-encoder@3.2.3';

// macOS draws the whole canvas (the tile sits inside Apple's grid, with its shadow); Windows and
// Linux get the tile alone, edge to edge.
const framings = { mac: '0 0 1024 1024', tile: '100 100 824 824' };

const svg = await readFile(join(build, 'icon.svg'), 'utf8');
const framed = (viewBox) => svg.replace(/viewBox="[^"]*"/, `viewBox="${viewBox}"`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const page = await browser.newPage();

async function render(framing, size, path) {
  const source = `data:image/svg+xml;base64,${Buffer.from(framed(framings[framing])).toString('base64')}`;
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0;background:transparent"><img src="${source}" width="${size}" height="${size}" style="display:block">`);
  await page.locator('img').evaluate((img) => img.decode());
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  return path;
}

function encode(args) {
  const result = spawnSync('npm', ['exec', '--yes', `--package=${encoder}`, '--', 'shockpkg-icon-encoder', ...args], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${encoder} failed (${result.status ?? result.signal})`);
}

const work = await mkdtemp(join(tmpdir(), 'make-icons-'));
try {
  await render('tile', 1024, join(build, 'icon.png'));
  await rm(join(build, 'icons'), { recursive: true, force: true });
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) await render('tile', size, join(build, 'icons', `${size}x${size}.png`));

  // The names tell the encoder which ICNS slot each image fills (@2x: twice the named size).
  const icnsParts = [];
  for (const size of [16, 32, 128, 256, 512]) {
    icnsParts.push(await render('mac', size, join(work, 'mac', `${size}x${size}.png`)));
    icnsParts.push(await render('mac', size * 2, join(work, 'mac', `${size}x${size}@2x.png`)));
  }
  encode(['--toc', join(build, 'icon.icns'), ...icnsParts]);

  const icoParts = [];
  for (const size of [256, 128, 64, 48, 32, 24, 16]) icoParts.push(await render('tile', size, join(work, 'ico', `${size}x${size}.png`)));
  encode([join(build, 'icon.ico'), ...icoParts]);
} finally {
  await browser.close();
  await rm(work, { recursive: true, force: true });
}
