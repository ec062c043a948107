import { useCallback, useEffect, useId, useMemo, useRef, type ReactElement } from 'react';
import type { TranscribeOptions } from '../../common/domain';
import type { KeysStatus } from '../../common/profiles';
import { ProfileSwitcher } from '../components/ProfileSwitcher';
import { useProfilesStore } from '../stores/profiles-store';
import { BatchPanel } from '../components/BatchPanel';
import { DropZone } from '../components/DropZone';
import { ErrorMessage } from '../components/ErrorMessage';
import { GearIcon, LogoIcon } from '../components/icons';
import { LinksForm } from '../components/LinksForm';
import { OptionsEditor } from '../components/OptionsEditor';
import { QueuePausedBanner } from '../components/QueuePausedBanner';
import { Library } from './Library';
import { TranscriptView } from '../components/TranscriptView';
import { usesCommandKey } from '../lib/format';
import { currentProblems, sameOptions } from '../lib/option-rules';
import { useBatchStore } from '../stores/batch-store';
import { useJobsStore } from '../stores/jobs-store';
import { useLinksStore } from '../stores/links-store';
import { useOptionsStore } from '../stores/options-store';
import { useQueueStore } from '../stores/queue-store';
import { useTranscriptionSettingsStore } from '../stores/transcription-settings-store';
import { useTranscriptsStore } from '../stores/transcripts-store';
import { useSearchStore } from '../stores/search-store';
import { useViewStore } from '../stores/view-store';
import { QueueSection, QueueStrip } from './QueueSection';
import { useReadingStore } from '../stores/reading-store';
import { RecordingSection } from './RecordingSection';
import { useLinkPaste } from './use-link-paste';

export interface HomeProps {
  status: KeysStatus;
  /** While true, the window's own shortcuts stay quiet. */
  settingsOpen: boolean;
  onOpenSettings: () => void;
}

const shortcut = usesCommandKey ? '⌘O' : 'Ctrl+O';

/** The main window: library on the side; intake, queue and the open transcript in the middle. */
export function Home({ status, settingsOpen, onOpenSettings }: HomeProps): ReactElement {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const queueTitleRef = useRef<HTMLHeadingElement>(null);
  const hadBatch = useRef(false);

  const options = useOptionsStore((s) => s.options);
  const presetId = useOptionsStore((s) => s.presetId);
  const setOptions = useOptionsStore((s) => s.setOptions);
  const choosePreset = useOptionsStore((s) => s.choosePreset);
  const settings = useTranscriptionSettingsStore((s) => s.settings);
  const catalog = useTranscriptionSettingsStore((s) => s.catalog);

  const batch = useBatchStore((s) => s.batch);
  const picking = useBatchStore((s) => s.picking);
  const repeating = useBatchStore((s) => s.repeating);
  const intakeError = useBatchStore((s) => s.error);
  const pick = useBatchStore((s) => s.pick);
  const startBatch = useBatchStore((s) => s.start);
  const discardBatch = useBatchStore((s) => s.discard);
  const transcribeAgain = useBatchStore((s) => s.transcribeAgain);
  const dismissIntakeError = useBatchStore((s) => s.dismissError);

  const linksText = useLinksStore((s) => s.text);
  const linksSending = useLinksStore((s) => s.sending);
  const linksRejected = useLinksStore((s) => s.rejected);
  const linksError = useLinksStore((s) => s.error);
  const linksFocus = useLinksStore((s) => s.focusRequest);
  const setLinksText = useLinksStore((s) => s.setText);
  const submitLinks = useLinksStore((s) => s.submit);
  const dismissLinks = useLinksStore((s) => s.dismissRejected);
  const receivePaste = useLinksStore((s) => s.receivePaste);

  const jobsError = useJobsStore((s) => s.error);
  const dismissJobsError = useJobsStore((s) => s.dismissError);

  const paused = useQueueStore((s) => s.status?.paused ?? null);
  const resuming = useQueueStore((s) => s.resuming);
  const resumeError = useQueueStore((s) => s.error);
  const resume = useQueueStore((s) => s.resume);

  const selectedId = useTranscriptsStore((s) => s.selectedId);
  const selected = useTranscriptsStore((s) => s.selected);
  const selectedLoading = useTranscriptsStore((s) => s.selectedLoading);
  const selectedError = useTranscriptsStore((s) => s.selectedError);
  const select = useTranscriptsStore((s) => s.select);
  const closeTranscript = useTranscriptsStore((s) => s.close);

  const focusRequest = useViewStore((s) => s.focusRequest);
  const focusFind = useViewStore((s) => s.focusFind);
  const findRequest = focusRequest?.target === 'find' ? focusRequest.seq : null;
  const findInTranscriptRequest = focusRequest?.target === 'find-in-transcript' ? focusRequest.seq : null;
  const spotlight = focusRequest?.target === 'job' ? focusRequest : null;

  const presets = useMemo(() => settings?.presets ?? [], [settings]);
  const preset = presets.find((p) => p.id === presetId) ?? null;
  const edited = preset !== null && !sameOptions(preset.options, options);
  const blocked = useMemo(() => currentProblems(options).length > 0, [options]);

  useEffect(() => {
    // Arriving from onboarding leaves focus nowhere; give it a starting point.
    if (document.activeElement === null || document.activeElement === document.body) headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (settingsOpen) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === 'o') {
        event.preventDefault();
        if (!event.repeat) void pick();
      } else if (key === 'f') {
        event.preventDefault();
        // An open transcript is searched in place; otherwise the library.
        if (useTranscriptsStore.getState().selected) useViewStore.getState().focusFindInTranscript();
        else focusFind();
      } else if (key === 'e' && useTranscriptsStore.getState().selected) {
        // The menu's Export… accelerator, for the browser preview and for focus inside the page.
        event.preventDefault();
        useViewStore.getState().openExport();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [settingsOpen, pick, focusFind]);

  useLinkPaste(settingsOpen ? null : receivePaste);

  const batchOpen = batch !== null;
  useEffect(() => {
    // Start or Discard took the panel, and the focused button with it: continue at the queue.
    if (!batchOpen && hadBatch.current && (document.activeElement === null || document.activeElement === document.body)) {
      (queueTitleRef.current ?? headingRef.current)?.focus();
    }
    hadBatch.current = batchOpen;
  }, [batchOpen]);

  // Reading chosen in the library (or a search hit) folds the intake; see the effect on selectedId.
  const openedToRead = useRef(false);
  const openTranscript = useCallback(
    (transcriptId: string) => {
      openedToRead.current = true;
      void select(transcriptId);
    },
    [select],
  );
  const openExport = useViewStore((s) => s.openExport);
  const openExportMany = useViewStore((s) => s.openExportMany);
  const renameOpen = useCallback((title: string) => {
    const id = useTranscriptsStore.getState().selectedId;
    if (id) void useTranscriptsStore.getState().rename(id, title);
  }, []);
  const deleteOpen = useCallback(() => {
    const store = useTranscriptsStore.getState();
    const open = store.selected?.summary;
    if (!open) return;
    void store.remove(open.id).then((removed) => {
      if (removed) useViewStore.getState().showNotice(`Deleted “${open.title}”.`, { label: 'Undo', run: () => void useTranscriptsStore.getState().undoRemove(open.id) });
    });
  }, []);
  const textResult = useSearchStore((s) => (s.query.trim() ? s.result : null));
  const searchText = useSearchStore((s) => s.search);
  const moment = useViewStore((s) => s.moment);
  const showMoment = useViewStore((s) => s.showMoment);
  const openAtMoment = useCallback(
    (transcriptId: string, paragraph: number) => {
      openedToRead.current = true;
      void select(transcriptId).then(() => showMoment(transcriptId, paragraph));
    },
    [select, showMoment],
  );
  const changeOptions = useCallback((next: TranscribeOptions) => setOptions(next), [setOptions]);
  const retryTranscript = useCallback(() => {
    if (selectedId) void select(selectedId);
  }, [select, selectedId]);
  const onCloseTranscript = useCallback(() => {
    closeTranscript();
    // The close button is gone with the transcript; start again from the top of the window.
    headingRef.current?.focus();
  }, [closeTranscript]);

  const presetField = useMemo(
    () => (
      <div className="field field-inline">
        <label htmlFor={`${id}-preset`}>Preset</label>
        <select
          id={`${id}-preset`}
          value={preset?.id ?? ''}
          aria-describedby={edited ? `${id}-preset-edited` : undefined}
          onChange={(e) => {
            const chosen = presets.find((p) => p.id === e.target.value);
            if (chosen) choosePreset(chosen);
          }}
        >
          {preset === null ? <option value="">{settings ? 'Custom' : 'Loading…'}</option> : null}
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id === settings?.defaultPresetId ? `${p.name} (default)` : p.name}
            </option>
          ))}
        </select>
        {edited ? (
          <span className="preset-edited" id={`${id}-preset-edited`}>
            changed for the next files
          </span>
        ) : null}
      </div>
    ),
    [id, preset, edited, presets, settings, choosePreset],
  );

  // While a transcript is read, the intake folds into a strip unless something in it needs the user.
  const reading = selected !== null;
  const intakeExpanded = useReadingStore((s) => s.intakeExpanded);
  const setIntakeExpanded = useReadingStore((s) => s.setIntakeExpanded);
  const intakeNeeded = batch !== null || intakeError !== null || jobsError !== null;
  const intakeFolded = reading && !intakeExpanded && !intakeNeeded;
  const toggleIntake = useCallback(() => setIntakeExpanded(intakeFolded), [intakeFolded, setIntakeExpanded]);
  // Narrow windows only (the style sheet decides): the library folds away too while reading.
  const libraryShown = useReadingStore((s) => s.libraryShown);
  const setLibraryShown = useReadingStore((s) => s.setLibraryShown);
  const libraryFolded = reading && !libraryShown;
  const toggleLibrary = useCallback(() => setLibraryShown(libraryFolded), [libraryFolded, setLibraryShown]);
  // Null at first: a transcript reopened at start counts as opened by itself.
  const previousSelected = useRef<string | null>(null);
  useEffect(() => {
    if (selectedId === previousSelected.current) return;
    // Chosen to read: the intake folds. Opened by itself (a finished job, a notification): the
    // intake stays as the user had it, so a queue being watched does not vanish under them.
    if (openedToRead.current) setIntakeExpanded(false);
    else if (previousSelected.current === null) setIntakeExpanded(true);
    openedToRead.current = false;
    previousSelected.current = selectedId;
    setLibraryShown(false);
  }, [selectedId, setIntakeExpanded, setLibraryShown]);
  useEffect(() => {
    // Find in the library needs the library.
    if (findRequest !== null) setLibraryShown(true);
  }, [findRequest, setLibraryShown]);
  const seenLinksFocus = useRef(linksFocus);
  useEffect(() => {
    // A pasted link or a job to show (a notification) needs the panel open.
    if (linksFocus === seenLinksFocus.current && spotlight === null) return;
    seenLinksFocus.current = linksFocus;
    setIntakeExpanded(true);
  }, [linksFocus, spotlight, setIntakeExpanded]);

  const profileBusy = useProfilesStore((s) => s.busy === 'activate');
  const activate = useProfilesStore((s) => s.activate);

  return (
    <div className="home">
      <header className="app-header">
        <div className="brand">
          <LogoIcon width={22} height={22} />
          <h1 ref={headingRef} tabIndex={-1}>
            Deepgram Desk
          </h1>
        </div>
        <ProfileSwitcher status={status} busy={profileBusy} onActivate={(profileId) => void activate(profileId)} />
        <button type="button" className="button button-quiet" aria-haspopup="dialog" onClick={onOpenSettings}>
          <GearIcon width={18} height={18} />
          Settings
        </button>
      </header>

      <div className="home-body" data-library-folded={libraryFolded ? '' : undefined}>
        <Library
          id={`${id}-library`}
          selectedId={selectedId}
          findRequest={findRequest}
          onSelect={openTranscript}
          textResult={textResult}
          onQueryChange={searchText}
          onOpenMoment={openAtMoment}
          onExportAll={openExportMany}
        />

        <main className={selected ? 'workspace workspace-reading' : 'workspace'}>
          {paused ? <QueuePausedBanner paused={paused} resuming={resuming} error={resumeError} onResume={() => void resume()} /> : null}
          {reading ? (
            <QueueStrip
              expanded={!intakeFolded}
              controls={`${id}-intake`}
              onToggle={intakeNeeded ? null : toggleIntake}
              library={{ shown: !libraryFolded, controls: `${id}-library`, onToggle: toggleLibrary }}
            />
          ) : null}
          <div className={intakeFolded ? 'intake intake-folded' : 'intake'} id={`${id}-intake`}>
            <RecordingSection />
            <div className="intake-inputs">
              <DropZone onChoose={() => void pick()} busy={picking} shortcut={shortcut} />
              <LinksForm
                text={linksText}
                sending={linksSending}
                rejected={linksRejected}
                error={linksError}
                focusRequest={linksFocus}
                blocked={blocked}
                onTextChange={setLinksText}
                onSubmit={() => void submitLinks()}
                onDismiss={dismissLinks}
              />
            </div>
            <OptionsEditor
              options={options}
              onChange={changeOptions}
              catalog={catalog}
              label="Transcription options"
              compact
              leading={presetField}
            />
            {intakeError ? <ErrorMessage error={intakeError} onDismiss={dismissIntakeError} /> : null}
            {jobsError ? <ErrorMessage error={jobsError} onDismiss={dismissJobsError} /> : null}
            {batch ? (
              <BatchPanel
                batch={batch}
                options={options}
                presetName={preset?.name ?? null}
                edited={edited}
                pricesPerMinute={settings?.pricesPerMinute ?? {}}
                optionsBlocked={blocked}
                repeating={repeating}
                onStart={() => void startBatch()}
                onDiscard={discardBatch}
                onOpenTranscript={(transcriptId) => void select(transcriptId)}
                onTranscribeAgain={(paths) => void transcribeAgain(paths)}
              />
            ) : null}
            <QueueSection spotlight={spotlight} titleRef={queueTitleRef} />
          </div>
          <TranscriptView
            document={selected}
            loading={selectedLoading}
            error={selectedError}
            onRetry={retryTranscript}
            onClose={onCloseTranscript}
            onExport={openExport}
            onRename={renameOpen}
            onDelete={deleteOpen}
            findRequest={findInTranscriptRequest}
            moment={moment && moment.transcriptId === selected?.summary.id ? moment : null}
          />
        </main>
      </div>
    </div>
  );
}
