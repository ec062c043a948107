import { randomUUID } from 'node:crypto';
import log from 'electron-log/node';
import type { Logger } from './logger';

/**
 * A logger that writes to one file. electron-log's Node flavour on purpose: its Electron flavour
 * registers IPC channels of its own on import (outside the contract, with no sender check) and,
 * once initialized, injects a preload into every page.
 */
export function createFileLogger(file: string, options: { console?: boolean } = {}): Logger & { file: string } {
  const logger = log.create({ logId: `deepgram-desk-${randomUUID()}` });
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = 5 * 1024 * 1024;
  logger.transports.console.level = options.console ? 'info' : false;
  return { info: (...a) => logger.info(...a), warn: (...a) => logger.warn(...a), error: (...a) => logger.error(...a), file };
}
