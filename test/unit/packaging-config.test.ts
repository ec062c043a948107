import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import FpmTarget from 'app-builder-lib/out/targets/FpmTarget.js';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { convertIcon } from 'app-builder-lib/out/util/iconConverter.js';
import type { IconFormat } from 'app-builder-lib/out/util/iconConverter.js';
import { DebugLogger } from 'builder-util';
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// electron-builder.yml is read and checked by electron-builder's own code (its config loader,
// its ajv validation against scheme.json, its icon resolution and asar filters), offline: no
// installer can be built here, so this is what keeps a mistake in it from reaching the workflow.
const root = resolve(import.meta.dirname, '../..');
// The plist parser electron-builder itself uses (it ships no types).
const { parse: parsePlist } = createRequire(import.meta.url)('plist') as { parse(xml: string): unknown };
let config: Configuration;
let scratch: string;

beforeAll(async () => {
  config = await getConfig(root, null, null);
  scratch = await mkdtemp(join(tmpdir(), 'packaging-config-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** What electron-builder runs on a configuration before building; rejects when it is invalid. */
function validate(candidate: Configuration): Promise<void> {
  return validateConfiguration(structuredClone(candidate), new DebugLogger(false));
}

function targets(platform: { target?: unknown } | null | undefined): { target: string; arch: string[] }[] {
  const raw = [platform?.target ?? []].flat() as (string | TargetConfiguration)[];
  return raw.map((item) => (typeof item === 'string' ? { target: item, arch: [] } : { target: item.target, arch: [item.arch ?? []].flat().map(String) }));
}

function pngSize(data: Buffer): { width: number; height: number; rgba: boolean } {
  expect(data.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
  expect(data.subarray(12, 16).toString('latin1'), 'first chunk').toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), rgba: data[25] === 6 };
}

/** The images in an ICNS file: each entry's type and, for PNG entries, its size. */
function icnsEntries(data: Buffer): { type: string; size?: number }[] {
  expect(data.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(data.readUInt32BE(4), 'ICNS length field').toBe(data.length);
  const entries: { type: string; size?: number }[] = [];
  for (let offset = 8; offset < data.length; ) {
    const type = data.subarray(offset, offset + 4).toString('latin1');
    const length = data.readUInt32BE(offset + 4);
    expect(length).toBeGreaterThan(8);
    const body = data.subarray(offset + 8, offset + length);
    entries.push({ type, size: body.subarray(1, 4).toString('latin1') === 'PNG' ? pngSize(body).width : undefined });
    offset += length;
  }
  return entries;
}

describe('electron-builder.yml', () => {
  it("matches electron-builder's configuration schema", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('the schema check rejects a misspelt or misplaced option', async () => {
    const typos: Configuration[] = [
      { ...config, mac: { ...config.mac, hardendRuntime: true } as Configuration['mac'] },
      { ...config, fileAsociations: config.fileAssociations } as Configuration,
      { ...config, deb: { ...config.deb, depend: ['libsecret-1-0'] } as Configuration['deb'] },
      { ...config, linux: { ...config.linux, category: ['AudioVideo', 'Audio'] } as unknown as Configuration['linux'] },
    ];
    for (const typo of typos) await expect(validate(typo)).rejects.toThrow(/Invalid configuration object/);
  });

  it('builds dmg and zip for Apple silicon and Intel, hardened, with entitlements, notarized from the environment', () => {
    expect(targets(config.mac)).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toBeTruthy();
      const entitlements = parsePlist(readFileSync(join(root, file!), 'utf8')) as Record<string, unknown>;
      expect(entitlements, file!).toMatchObject({ 'com.apple.security.cs.allow-jit': true, 'com.apple.security.device.audio-input': true });
    }
  });

  it('asks macOS for the microphone and for system audio with a reason', () => {
    const info = config.mac?.extendInfo as Record<string, unknown>;
    for (const key of ['NSMicrophoneUsageDescription', 'NSAudioCaptureUsageDescription']) {
      expect(typeof info[key], key).toBe('string');
      expect((info[key] as string).length, key).toBeGreaterThan(20);
    }
  });

  it('builds an NSIS installer for Windows, and an AppImage and a deb for Linux', () => {
    expect(targets(config.win).map((t) => t.target)).toEqual(['nsis']);
    expect(targets(config.linux).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('AudioVideo');
  });

  it("the deb depends on libsecret-1-0 and keeps electron-builder's own runtime dependencies", () => {
    const defaults = (FpmTarget.prototype as unknown as { getDefaultDepends(target: string): string[] }).getDefaultDepends('deb');
    expect(defaults.length).toBeGreaterThan(3);
    expect(config.deb?.depends).toContain('libsecret-1-0');
    expect(config.deb?.depends).toEqual(expect.arrayContaining(defaults));
  });

  it('unpacks keytar (a native module) from the asar archive, and nothing of the app', () => {
    const matchers = getFileMatchers(config, 'asarUnpack', root, { macroExpander: (s) => s, customBuildOptions: {}, globalOutDir: join(root, 'dist'), defaultSrc: root });
    const unpacked = matchers?.[0]?.createFilter();
    expect(unpacked).toBeDefined();
    const isUnpacked = (file: string): boolean => unpacked!(join(root, file), statSync(join(root, file))) === true;
    expect(isUnpacked('node_modules/keytar/build/Release/keytar.node')).toBe(true);
    expect(isUnpacked('node_modules/keytar/package.json')).toBe(true);
    expect(isUnpacked('package.json')).toBe(false);
    expect(isUnpacked('node_modules/zod/package.json')).toBe(false);
  });

  it('ships the tray icons as files, in tray/ of the resources folder', () => {
    const matchers = getFileMatchers(config, 'extraResources', join(scratch, 'Resources'), { macroExpander: (s) => s, customBuildOptions: {}, globalOutDir: join(root, 'dist'), defaultSrc: root });
    const tray = matchers?.find((matcher) => matcher.from === join(root, 'resources/tray'));
    expect(tray?.to).toBe(join(scratch, 'Resources', 'tray'));
    const shipped = tray!.createFilter();
    for (const icon of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayRecordingTemplate@2x.png']) {
      const file = join(root, 'resources/tray', icon);
      expect(shipped(file, statSync(file)), icon).toBe(true);
    }
  });

  it('keeps the Electron fuses that lock the app down, and the file associations', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: expect.arrayContaining(['wav', 'mp3', 'mp4']), role: 'Viewer' })]);
  });

  it('names where updates come from, and a generic server given on the command line is valid too', async () => {
    expect(config.publish).toEqual({ provider: 'github' });
    await expect(validate({ ...config, publish: { provider: 'generic', url: 'https://updates.example.com/desk' } })).resolves.toBeUndefined();
  });
});

describe('icons in build/', () => {
  const platforms: [string, IconFormat, () => string | null | undefined][] = [
    ['macOS', 'icns', () => config.mac?.icon],
    ['Windows', 'ico', () => config.win?.icon],
    ['Linux', 'set', () => config.linux?.icon],
  ];

  it.each(platforms)('%s: electron-builder finds the configured icon and needs no conversion', async (_name, format, icon) => {
    const outDir = join(scratch, format);
    const result = await convertIcon({ sources: [icon()!], fallbackSources: [], roots: [join(root, 'build'), root], format, outDir });
    expect(result.isFallback).toBe(false);
    expect(result.icons.length).toBeGreaterThan(0);
    for (const found of result.icons) expect(found.file.startsWith(join(root, 'build'))).toBe(true);
    if (format === 'ico') expect(result.icons[0]!.size).toBeGreaterThanOrEqual(256);
    if (format === 'set') expect(result.icons.map((i) => i.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512]);
  });

  it('icon.png is a 1024 px RGBA PNG', () => {
    expect(pngSize(readFileSync(join(root, 'build/icon.png')))).toEqual({ width: 1024, height: 1024, rgba: true });
  });

  it('every Linux icon is a PNG of the size its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(readFileSync(join(root, `build/icons/${size}x${size}.png`))), `${size}x${size}.png`).toEqual({ width: size, height: size, rgba: true });
    }
  });

  it('the ICNS holds every size macOS asks for, up to 1024 px', () => {
    const entries = icnsEntries(readFileSync(join(root, 'build/icon.icns')));
    const png = Object.fromEntries(entries.filter((e) => e.size !== undefined).map((e) => [e.type, e.size]));
    expect(png).toEqual({ ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 });
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['ic04', 'ic05']));
  });

  it('the ICO holds PNG or bitmap images from 16 to 256 px', () => {
    const data = readFileSync(join(root, 'build/icon.ico'));
    expect(data.readUInt16LE(0)).toBe(0);
    expect(data.readUInt16LE(2), 'ICO type').toBe(1);
    const count = data.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => data[6 + i * 16] || 256).sort((a, b) => a - b);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (let i = 0; i < count; i++) {
      const length = data.readUInt32LE(6 + i * 16 + 8);
      const offset = data.readUInt32LE(6 + i * 16 + 12);
      expect(offset + length, `image ${i} inside the file`).toBeLessThanOrEqual(data.length);
    }
  });
});
