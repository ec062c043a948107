import { useCallback, type ReactElement } from 'react';
import { TranscriptList, type TranscriptListProps } from '../components/TranscriptList';
import { useTranscriptsStore } from '../stores/transcripts-store';

type StoreProps = 'transcripts' | 'loading' | 'error' | 'onRetry' | 'damaged' | 'onRemoveDamaged';

/** The library, fed by the transcripts store itself: when the list arrives or changes, only the library renders again, not the home screen. */
export function Library(props: Omit<TranscriptListProps, StoreProps>): ReactElement {
  const list = useTranscriptsStore((s) => s.list);
  const loading = useTranscriptsStore((s) => s.loading);
  const error = useTranscriptsStore((s) => s.error);
  const damaged = useTranscriptsStore((s) => s.damaged);
  const retry = useCallback(() => void useTranscriptsStore.getState().load(), []);
  const removeDamaged = useCallback((id: string) => void useTranscriptsStore.getState().removeDamaged(id), []);
  return <TranscriptList {...props} transcripts={list} loading={loading} error={error} onRetry={retry} damaged={damaged} onRemoveDamaged={removeDamaged} />;
}
