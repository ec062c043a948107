import { describe, expect, it } from 'vitest';
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
