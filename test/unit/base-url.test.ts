import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../common/base-url';

describe('checkBaseUrl', () => {
  it('accepts https endpoints and normalises them', () => {
    expect(checkBaseUrl('https://api.deepgram.com/')).toEqual({ ok: true, url: 'https://api.deepgram.com' });
    expect(checkBaseUrl(' https://api.eu.deepgram.com ')).toEqual({ ok: true, url: 'https://api.eu.deepgram.com' });
    expect(checkBaseUrl('https://dg.example.com:8443/proxy/')).toEqual({ ok: true, url: 'https://dg.example.com:8443/proxy' });
  });

  it('accepts plain http only on loopback', () => {
    expect(checkBaseUrl('http://localhost:8080')).toEqual({ ok: true, url: 'http://localhost:8080' });
    expect(checkBaseUrl('http://127.0.0.1:8080')).toEqual({ ok: true, url: 'http://127.0.0.1:8080' });
    expect(checkBaseUrl('http://[::1]:8080')).toEqual({ ok: true, url: 'http://[::1]:8080' });
    const remote = checkBaseUrl('http://api.deepgram.com');
    expect(remote.ok).toBe(false);
    expect(!remote.ok && remote.reason).toMatch(/unencrypted/);
    expect(checkBaseUrl('http://127.9.8.7:8080')).toEqual({ ok: true, url: 'http://127.9.8.7:8080' });
    // Names that only start like a loopback address are somebody else's host.
    for (const lookalike of ['http://127.0.0.1.example.com', 'http://127.0.0.1.evil.example:8080', 'http://localhost.evil.example', 'http://128.0.0.1']) {
      expect(checkBaseUrl(lookalike).ok, lookalike).toBe(false);
    }
  });

  it('refuses what is not a plain endpoint', () => {
    for (const bad of ['api.deepgram.com', 'ftp://api.deepgram.com', 'https://user:pw@api.deepgram.com', 'https://user@api.deepgram.com', 'https://:pw@api.deepgram.com', 'https://api.deepgram.com/?x=1', 'javascript:alert(1)']) {
      expect(checkBaseUrl(bad).ok, bad).toBe(false);
    }
  });
});
