import type { ShellCommand } from '../../common/domain';
import { useBatchStore } from '../stores/batch-store';
import { useJobsStore } from '../stores/jobs-store';
import { useRecordingStore } from '../stores/recording-store';
import { isConfigured, useProfilesStore } from '../stores/profiles-store';
import { useTranscriptsStore } from '../stores/transcripts-store';
import { useViewStore } from '../stores/view-store';

/** What the window says when a command cannot be carried out (yet). */
export const shellNotices = {
  export: 'Open a transcript first, then export it (Ctrl+E, or Export… above the transcript).',
  needsKey: 'Connect to Deepgram first: paste your API key, then try again.',
  jobGone: 'That transcription is no longer in the list.',
} as const;

async function showJob(jobId: string): Promise<void> {
  if (!(jobId in useJobsStore.getState().byId)) await useJobsStore.getState().load();
  if (jobId in useJobsStore.getState().byId) useViewStore.getState().focusJob(jobId);
  else useViewStore.getState().showNotice(shellNotices.jobGone);
}

/** Carries out a command from the menu, the tray, a notification or the OS. */
export function runShellCommand(command: ShellCommand): void {
  const view = useViewStore.getState();
  const configured = isConfigured(useProfilesStore.getState().status);
  if (command.command !== 'settings') view.closeSettings();
  switch (command.command) {
    case 'export':
      if (useTranscriptsStore.getState().selected) view.openExport();
      else view.showNotice(shellNotices.export);
      return;
    case 'new-recording':
      if (configured) void useRecordingStore.getState().start();
      else view.showNotice(shellNotices.needsKey);
      return;
    case 'stop-recording':
      void useRecordingStore.getState().stop();
      return;
    case 'settings':
      if (configured) view.openSettings();
      else view.showNotice(shellNotices.needsKey);
      return;
    case 'open-files':
      if (configured) void useBatchStore.getState().pick();
      else view.showNotice(shellNotices.needsKey);
      return;
    case 'find':
      if (!configured) view.showNotice(shellNotices.needsKey);
      else if (useTranscriptsStore.getState().selected) view.focusFindInTranscript();
      else view.focusFind();
      return;
    case 'open-transcript':
      if (configured) void useTranscriptsStore.getState().select(command.transcriptId);
      else view.showNotice(shellNotices.needsKey);
      return;
    case 'show-job':
      if (configured) void showJob(command.jobId);
      else view.showNotice(shellNotices.needsKey);
      return;
  }
}
