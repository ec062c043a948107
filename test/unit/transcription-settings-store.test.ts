import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import { builtInPresets, defaultPricesPerMinute, defaultTranscriptionSettings } from '../../common/presets';
import type { Preset, TranscriptionSettings } from '../../common/presets';
import { defaultTranscribeOptions } from '../../common/transcribe-options';
import { TranscriptionSettingsStore } from '../../main/services/settings/transcription-settings-store';

const fileName = 'transcription-settings.json';
const dataDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tsettings-'));
const stored = async (dir: string): Promise<unknown> => JSON.parse(await readFile(join(dir, fileName), 'utf8'));

const custom: Preset = { id: 'lecture', name: 'Lecture', options: { ...defaultTranscribeOptions, model: 'nova-2', language: 'de' } };

function settings(change: Partial<TranscriptionSettings> = {}): TranscriptionSettings {
  return { ...structuredClone(defaultTranscriptionSettings), ...change };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('TranscriptionSettingsStore', () => {
  it('starts from the defaults without writing anything', async () => {
    const dir = await dataDir();
    expect(await new TranscriptionSettingsStore(dir).get()).toEqual(defaultTranscriptionSettings);
    expect(await readdir(dir)).toEqual([]);
  });

  it('saves atomically with a version, reads back in a new store, and tells listeners', async () => {
    const dir = await dataDir();
    const store = new TranscriptionSettingsStore(dir);
    const heard: TranscriptionSettings[] = [];
    store.onChange((s) => heard.push(s));
    const next = settings({ presets: [...builtInPresets, custom], defaultPresetId: 'lecture', concurrency: 8, pricesPerMinute: { 'nova-3': 0.0036 } });
    expect(await store.set(next)).toEqual(next);
    expect(await stored(dir)).toEqual({ version: 1, ...next });
    expect(await readdir(dir)).toEqual([fileName]);
    expect(await new TranscriptionSettingsStore(dir).get()).toEqual(next);
    expect(heard).toEqual([next]);
  });

  it('applies quick successive changes in order: the last one wins on disk and for listeners', async () => {
    const dir = await dataDir();
    const store = new TranscriptionSettingsStore(dir);
    const heard: number[] = [];
    store.onChange((s) => heard.push(s.concurrency));
    await Promise.all([1, 2, 3, 4, 5].map((concurrency) => store.set(settings({ concurrency }))));
    expect(heard).toEqual([1, 2, 3, 4, 5]);
    expect(await stored(dir)).toMatchObject({ concurrency: 5 });
    expect((await new TranscriptionSettingsStore(dir).get()).concurrency).toBe(5);
  });

  it('refuses duplicate preset ids, a default that is not a preset, and values out of range; keeps the saved file', async () => {
    const dir = await dataDir();
    const store = new TranscriptionSettingsStore(dir);
    await store.set(settings({ concurrency: 4 }));
    const before = await readFile(join(dir, fileName), 'utf8');
    const duplicate = await refusal(store.set(settings({ presets: [...builtInPresets, { ...custom, id: 'meeting' }] })));
    expect(duplicate.code).toBe('INVALID_ARGUMENT');
    expect(duplicate.message).toMatch(/Two presets share the id “meeting”/);
    const missing = await refusal(store.set(settings({ defaultPresetId: 'gone' })));
    expect(missing.message).toMatch(/default preset “gone” is not one of the presets/);
    for (const concurrency of [0, 51, 2.5]) expect((await refusal(store.set(settings({ concurrency })))).code).toBe('INVALID_ARGUMENT');
    expect((await refusal(store.set(settings({ presets: [] })))).code).toBe('INVALID_ARGUMENT');
    expect(await readFile(join(dir, fileName), 'utf8')).toBe(before);
    expect(await store.set(settings({ concurrency: 6 }))).toMatchObject({ concurrency: 6 });
  });

  it('falls back field by field on a damaged file: a bad preset is dropped, not all of them', async () => {
    const dir = await dataDir();
    await writeFile(
      join(dir, fileName),
      JSON.stringify({
        version: 1,
        presets: [custom, { id: 'Bad Id', name: 'x', options: {} }, { id: 'broken', name: 'Broken', options: { model: 'NOVA 3' } }, { ...custom, name: 'Second lecture' }, builtInPresets[1]],
        defaultPresetId: 'broken',
        pricesPerMinute: { 'nova-3': 0.004, 'nova-2': -1, 'Bad Model': 1, whisper: 'cheap' },
        concurrency: 'many',
      }),
    );
    expect(await new TranscriptionSettingsStore(dir).get()).toEqual({
      presets: [custom, builtInPresets[1]],
      // The stored default was dropped and `meeting` is gone too: the first preset left.
      defaultPresetId: 'lecture',
      pricesPerMinute: { 'nova-3': 0.004 },
      concurrency: defaultTranscriptionSettings.concurrency,
    });
  });

  it('reads presets saved by an older version whose options lack newer fields', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, fileName), JSON.stringify({ version: 1, presets: [{ id: 'old', name: 'Old', options: { model: 'nova-2', diarize: true } }], defaultPresetId: 'old', pricesPerMinute: {}, concurrency: 2 }));
    expect(await new TranscriptionSettingsStore(dir).get()).toEqual({
      presets: [{ id: 'old', name: 'Old', options: { ...defaultTranscribeOptions, model: 'nova-2', diarize: true } }],
      defaultPresetId: 'old',
      pricesPerMinute: {},
      concurrency: 2,
    });
  });

  it('uses the defaults for a file that is not JSON, or fields of the wrong kind', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, fileName), '{"presets": [');
    expect(await new TranscriptionSettingsStore(dir).get()).toEqual(defaultTranscriptionSettings);
    await writeFile(join(dir, fileName), JSON.stringify({ presets: 'all', defaultPresetId: 7, pricesPerMinute: [1, 2], concurrency: 3 }));
    expect(await new TranscriptionSettingsStore(dir).get()).toEqual({ ...defaultTranscriptionSettings, pricesPerMinute: defaultPricesPerMinute });
  });

  it('hands out copies: changing what get() returned changes nothing stored', async () => {
    const store = new TranscriptionSettingsStore(await dataDir());
    for (let i = 0; i < 2; i += 1) {
      // Once while reading the file, once from memory.
      const got = await store.get();
      got.presets.pop();
      got.pricesPerMinute['nova-3'] = 99;
    }
    expect(await store.get()).toEqual(defaultTranscriptionSettings);
    const saved = await store.set(settings({ concurrency: 9 }));
    saved.presets.length = 0;
    expect((await store.get()).presets).toEqual(defaultTranscriptionSettings.presets);
  });
});
