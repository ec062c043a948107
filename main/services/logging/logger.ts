/** What services log through; electron-log in the app and the web host. */
export interface Logger {
  info(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

/**
 * Remembers the keys in use so that no log line or value leaving main can carry one, whatever a
 * library or a server puts in a message. It learns a key only once the key is accepted or
 * stored, and forgets it when it is removed, so refused input cannot grow it.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    if (secret.length >= 8) this.secrets.add(secret);
  }

  forget(secret: string): void {
    this.secrets.delete(secret);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const cause = value.cause ? ` (cause: ${describe(value.cause)})` : '';
    return `${value.name}${typeof code === 'string' ? ` ${code}` : ''}: ${value.message}${cause}`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Wraps a logger so every line is rendered to text and stripped of known secrets. */
export function redactingLogger(base: Logger, redactor: SecretRedactor): Logger {
  const line = (message: string, meta: unknown[]): string =>
    redactor.redact([message, ...meta.map(describe)].join(' '));
  return {
    info: (message, ...meta) => base.info(line(message, meta)),
    warn: (message, ...meta) => base.warn(line(message, meta)),
    error: (message, ...meta) => base.error(line(message, meta)),
  };
}
