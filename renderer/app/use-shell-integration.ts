import { useEffect } from 'react';
import { app } from '../ipc/app-client';
import { useBatchStore } from '../stores/batch-store';
import { runShellCommand } from './shell-commands';

/**
 * Takes commands from the menu, tray and notifications, and queues files the OS hands over:
 * those waiting since before the window (or the key) was ready, then each new batch.
 */
export function useShellIntegration(configured: boolean): void {
  useEffect(() => app.shell.onCommand(runShellCommand), []);

  useEffect(() => {
    // Without a key the files stay in main's inbox until one is saved.
    if (!configured) return;
    const batch = useBatchStore.getState();
    const unsubscribe = batch.subscribeOpened();
    void batch.takeOpened();
    return unsubscribe;
  }, [configured]);
}
