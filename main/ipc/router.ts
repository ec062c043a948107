import type { Channel, EventName } from '../../common/contract';
import type { Result } from '../../common/errors';

/** Who sent a request, as far as the transport can tell. */
export interface SenderInfo {
  /** URL of the frame that sent it. */
  url: string;
  /** True when it came from the window's top frame, not an iframe. */
  isTopFrame: boolean;
  /** The transport's own identity of the sender (webContents id, socket id). */
  id: string;
}

export type RouterListener = (sender: SenderInfo, args: unknown[]) => Promise<Result<unknown>>;

/** The two things main's IPC needs from a transport: Electron's ipcMain, or a test WebSocket. */
export interface Router {
  handle(channel: Channel, listener: RouterListener): void;
  send(event: EventName, payload: unknown): void;
}
