import { describe, expect, it } from 'vitest';
import { transcriptIdOfMediaPath, transcriptMediaPath, transcriptMediaSchema } from '../../common/transcript-media';

describe('transcript media URL', () => {
  it('names a transcript by its id on the page’s own origin and reads the id back', () => {
    expect(transcriptMediaPath('mx1-ab_C')).toBe('/media/transcript/mx1-ab_C');
    expect(new URL(transcriptMediaPath('mx1'), 'app://deepgram-desk/index.html').href).toBe('app://deepgram-desk/media/transcript/mx1');
    expect(transcriptIdOfMediaPath(transcriptMediaPath('mx1-ab_C'))).toBe('mx1-ab_C');
  });

  it('builds no URL from something that is not an id, and reads none from another path', () => {
    for (const id of ['', '../x', 'a/b', 'a b', '/etc/passwd', 'x'.repeat(65)]) expect(() => transcriptMediaPath(id), id).toThrow();
    for (const path of ['/media/transcript/', '/media/transcript/a/b', '/media/transcript/%2e%2e', '/media/other/a', '/media/transcript/a?b', '/x/media/transcript/a']) {
      expect(transcriptIdOfMediaPath(path), path).toBeUndefined();
    }
  });

  it('describes availability without room for a path', () => {
    expect(transcriptMediaSchema.parse({ available: true, contentType: 'audio/wav', sizeBytes: 10, durationSec: null, path: '/home/a.wav' })).not.toHaveProperty('path');
    expect(transcriptMediaSchema.safeParse({ available: false, reason: 'gone', message: 'x' }).success).toBe(false);
  });
});
