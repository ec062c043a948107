/** How often the app looks for a new version. */
export const checkIntervalMs = 24 * 60 * 60 * 1000;

/** The user's answer to "Restart to update". */
export type RestartAnswer = 'restart' | 'later';

export interface UpdateState {
  /** The version downloaded and waiting to be installed. */
  readyVersion?: string;
  /** The user has been asked about readyVersion (an answer of "later" installs it on quit). */
  asked: boolean;
  /** The question is on screen now. */
  prompting: boolean;
}

export type UpdateInput =
  | { kind: 'downloaded'; version: string }
  | { kind: 'tick' }
  | { kind: 'answered'; answer: RestartAnswer };

export type UpdateAction = 'prompt' | 'install' | 'none';

export const initialUpdateState: UpdateState = { asked: false, prompting: false };

/** Whether it is time to look for an update again; a clock set back counts as due. */
export function isCheckDue(lastCheckAt: number | undefined, now: number): boolean {
  return lastCheckAt === undefined || now < lastCheckAt || now - lastCheckAt >= checkIntervalMs;
}

/**
 * The next step after an update event. Nothing installs while a recording runs: a download that
 * completes during one is announced when it ends, and "Restart" pressed after one has started is
 * asked again when it ends. Each downloaded version is asked about once.
 */
export function nextUpdateStep(state: UpdateState, input: UpdateInput, recording: boolean): { state: UpdateState; action: UpdateAction } {
  switch (input.kind) {
    case 'downloaded': {
      const fresh = input.version !== state.readyVersion;
      const next = { ...state, readyVersion: input.version, asked: fresh ? false : state.asked };
      return askIfFree(next, recording);
    }
    case 'tick':
      return askIfFree(state, recording);
    case 'answered': {
      const next = { ...state, prompting: false };
      if (input.answer === 'later') return { state: next, action: 'none' };
      if (recording) return { state: { ...next, asked: false }, action: 'none' };
      return { state: next, action: 'install' };
    }
  }
}

function askIfFree(state: UpdateState, recording: boolean): { state: UpdateState; action: UpdateAction } {
  if (state.readyVersion === undefined || state.asked || state.prompting || recording) return { state, action: 'none' };
  return { state: { ...state, asked: true, prompting: true }, action: 'prompt' };
}
