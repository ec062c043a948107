import type { Notification, NotificationConstructorOptions } from 'electron';
import type { ShellCommand } from '../../common/domain';
import type { BatchNotification } from '../services/shell/queue-progress';

export interface NotifierDeps {
  /** `Notification.isSupported`. */
  isSupported: () => boolean;
  /** `(options) => new Notification(options)`. */
  create: (options: NotificationConstructorOptions) => Notification;
  /** Shows, restores and focuses the main window. */
  focusWindow: () => void;
  /** Sends a command to the window (the `shell.command` event). */
  send: (command: ShellCommand) => void;
}

/** Shows a batch's OS notification; clicking it brings the window forward and sends its command. */
export function createNotifier(deps: NotifierDeps): (notification: BatchNotification) => void {
  // A notification nobody references can be collected before it is clicked, losing the click.
  const showing = new Set<Notification>();
  return (decided) => {
    if (!deps.isSupported()) return;
    const notification = deps.create({ title: decided.title, body: decided.body });
    showing.add(notification);
    notification.on('click', () => {
      showing.delete(notification);
      deps.focusWindow();
      if (decided.onClick) deps.send(decided.onClick);
    });
    notification.on('close', () => showing.delete(notification));
    notification.show();
  };
}
