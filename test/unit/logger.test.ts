import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFileLogger } from '../../main/services/logging/file-logger';
import { redactingLogger, SecretRedactor } from '../../main/services/logging/logger';

describe('redactingLogger', () => {
  it('strips known secrets from messages, objects and error causes', () => {
    const lines: string[] = [];
    const base = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    const redactor = new SecretRedactor();
    const logger = redactingLogger(base, redactor);
    const secret = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';
    redactor.add(secret);
    logger.info(`key ${secret}`);
    logger.warn('headers', { authorization: `Token ${secret}` });
    logger.error('failed', new Error('outer', { cause: new Error(`inner ${secret}`) }));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(secret);
    expect(lines.join('\n')).toContain('[redacted]');
    expect(lines[2]).toContain('inner');
  });
});

describe('what a log line says', () => {
  it('renders errors with their code and cause, strings as they are, and objects as JSON', () => {
    const lines: string[] = [];
    const base = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    const logger = redactingLogger(base, new SecretRedactor());
    const refused = Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' });
    logger.error('upload failed', new TypeError('outer', { cause: refused }));
    logger.info('plain', 'text', { a: 1 });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger.warn('odd', circular, 42n);
    expect(lines).toEqual([
      'upload failed TypeError: outer (cause: Error ECONNREFUSED: connect refused)',
      'plain text {"a":1}',
      'odd [object Object] 42',
    ]);
  });

  it('does not learn secrets too short to be keys, which would blank ordinary words', () => {
    const redactor = new SecretRedactor();
    redactor.add('abc1234');
    redactor.add('abcd1234');
    expect(redactor.size).toBe(1);
    expect(redactor.redact('abc1234 abcd1234')).toBe('abc1234 [redacted]');
  });
});

describe('createFileLogger', () => {
  it('writes every level to its own file and nothing to the console', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'file-logger-')), 'logs', 'main.log');
    const logger = createFileLogger(file);
    const printed = vi.spyOn(console, 'info');
    logger.info('first line');
    logger.warn('second line');
    logger.error('third line');
    await vi.waitFor(async () => expect((await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean)).toHaveLength(3));
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/\[info\]\s+first line/);
    expect(text).toMatch(/\[warn\]\s+second line/);
    expect(text).toMatch(/\[error\]\s+third line/);
    expect(logger.file).toBe(file);
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
  });
});
