import { EventEmitter } from 'node:events';
import type { Notification, NotificationConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { ShellCommand } from '../../common/domain';
import { createNotifier } from '../../main/platform/notifications';

/** Electron's Notification cannot run here: an emitter that records what it was asked. */
class FakeNotification extends EventEmitter {
  shown = 0;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
  }
  show(): void {
    this.shown += 1;
  }
}

function setup(supported = true) {
  const created: FakeNotification[] = [];
  const calls: string[] = [];
  const sent: ShellCommand[] = [];
  const notify = createNotifier({
    isSupported: () => supported,
    create: (options) => {
      const notification = new FakeNotification(options);
      created.push(notification);
      return notification as unknown as Notification;
    },
    focusWindow: () => calls.push('focus'),
    send: (command) => {
      calls.push('send');
      sent.push(command);
    },
  });
  return { notify, created, calls, sent };
}

describe('createNotifier', () => {
  it('shows the title and body, and on click focuses the window, then sends the command', () => {
    const { notify, created, calls, sent } = setup();
    notify({ title: 'Transcript ready', body: 'talk.wav', onClick: { command: 'open-transcript', transcriptId: 't1' } });
    expect(created).toHaveLength(1);
    expect(created[0]!.options).toEqual({ title: 'Transcript ready', body: 'talk.wav' });
    expect(created[0]!.shown).toBe(1);
    expect(calls).toEqual([]);
    created[0]!.emit('click');
    expect(calls).toEqual(['focus', 'send']);
    expect(sent).toEqual([{ command: 'open-transcript', transcriptId: 't1' }]);
  });

  it('only focuses the window when the notification has no command', () => {
    const { notify, created, calls } = setup();
    notify({ title: '3 transcripts ready', body: 'a.wav, b.wav, c.wav' });
    created[0]!.emit('click');
    expect(calls).toEqual(['focus']);
  });

  it('shows nothing where the OS has no notifications', () => {
    const { notify, created } = setup(false);
    notify({ title: 'Transcript ready', body: 'talk.wav' });
    expect(created).toEqual([]);
  });
});
