import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreferencesStore } from '../../main/services/settings/preferences-store';

describe('PreferencesStore', () => {
  it('keeps the last of quick successive changes, on disk and for listeners', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prefs-'));
    const store = new PreferencesStore(dir);
    const heard: string[] = [];
    store.onChange((prefs) => heard.push(`${prefs.theme}/${prefs.lastTranscriptId}`));
    await Promise.all([store.set({ theme: 'dark' }), store.set({ lastTranscriptId: 'abc' }), store.set({ theme: 'light' })]);
    expect(heard).toEqual(['dark/null', 'dark/abc', 'light/abc']);
    expect(JSON.parse(await readFile(join(dir, 'preferences.json'), 'utf8'))).toEqual({ version: 1, theme: 'light', lastTranscriptId: 'abc' });
    expect(await new PreferencesStore(dir).get()).toEqual({ theme: 'light', lastTranscriptId: 'abc' });
  });

  it('falls back field by field when the file is damaged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prefs-'));
    await writeFile(join(dir, 'preferences.json'), JSON.stringify({ version: 1, theme: 'dark', lastTranscriptId: '../../etc' }));
    expect(await new PreferencesStore(dir).get()).toEqual({ theme: 'dark', lastTranscriptId: null });
    await writeFile(join(dir, 'preferences.json'), '{"theme": "da');
    expect(await new PreferencesStore(dir).get()).toEqual({ theme: 'system', lastTranscriptId: null });
  });

  it('refuses an invalid change and keeps working', async () => {
    const store = new PreferencesStore(await mkdtemp(join(tmpdir(), 'prefs-')));
    await expect(store.set({ theme: 'neon' as never })).rejects.toThrow();
    expect(await store.set({ theme: 'dark' })).toEqual({ theme: 'dark', lastTranscriptId: null });
  });
});
