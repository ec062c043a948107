import { useEffect } from 'react';
import { app } from '../ipc/app-client';
import { useJobsStore } from '../stores/jobs-store';
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
    const jobs = useJobsStore.getState();
    const unsubscribe = jobs.subscribeOpened();
    void jobs.takeOpened();
    return unsubscribe;
  }, [configured]);
}
