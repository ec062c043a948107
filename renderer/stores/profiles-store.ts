import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { AppErrorValue, Result } from '../../common/errors';
import type { AppKeyRequest, KeysStatus, Profile, ProfileInput, ProjectSummary, UsageReport } from '../../common/profiles';
import { app } from '../ipc/app-client';

/** Which action is running, so that only its button says so. */
export type ProfileAction = 'save' | 'remove' | 'activate' | 'check' | 'keychain' | 'appKey' | 'revoke' | null;

export interface ProfilesState {
  /** Profiles, the active one and the keychain's state; null until first loaded. Never a key. */
  status: KeysStatus | null;
  loading: boolean;
  /** The action under way, if any. */
  busy: ProfileAction;
  /** The failure of the last load or action, if it failed. */
  error: AppErrorValue | null;
  load: () => Promise<void>;
  /** Follows changes main reports (another window, the queue); returns the unsubscribe function. */
  subscribe: () => Unsubscribe;
  /** Creates or changes a profile; the key is passed on, never kept. Resolves to the profile id, or null on failure. */
  save: (input: ProfileInput) => Promise<string | null>;
  remove: (profileId: string) => Promise<boolean>;
  activate: (profileId: string) => Promise<boolean>;
  check: (profileId: string) => Promise<boolean>;
  recheckKeychain: () => Promise<boolean>;
  /** Mints an app key from an admin key; resolves to the new profile id, or null on failure. */
  createAppKey: (request: AppKeyRequest) => Promise<string | null>;
  revokeAppKey: (profileId: string, adminKey: string) => Promise<boolean>;
  clearError: () => void;
}

/** The profile new requests use, if any. */
export function activeProfile(status: KeysStatus | null): Profile | null {
  if (!status) return null;
  return status.profiles.find((p) => p.id === status.activeProfileId) ?? null;
}

/** Whether requests can be made: an active profile that has its key. */
export function isConfigured(status: KeysStatus | null): boolean {
  return activeProfile(status)?.hasKey === true;
}

export const useProfilesStore = create<ProfilesState>()((set) => {
  /** Runs one action; a status result replaces the known status. */
  const run = async <T>(busy: ProfileAction, call: () => Promise<Result<T>>, statusOf: (value: T) => KeysStatus): Promise<T | null> => {
    set({ busy, error: null });
    const result = await call();
    if (!result.ok) {
      set({ busy: null, error: result.error });
      return null;
    }
    set({ busy: null, status: statusOf(result.value) });
    return result.value;
  };
  const same = (status: KeysStatus): KeysStatus => status;

  return {
    status: null,
    loading: false,
    busy: null,
    error: null,

    load: async () => {
      set({ loading: true, error: null });
      const result = await app.keys.status();
      set(result.ok ? { loading: false, status: result.value } : { loading: false, error: result.error });
    },

    subscribe: () => app.keys.onUpdated((status) => set({ status })),

    save: async (input) => (await run('save', () => app.keys.saveProfile(input), (r) => r.status))?.profileId ?? null,
    remove: async (profileId) => (await run('remove', () => app.keys.removeProfile({ profileId }), same)) !== null,
    activate: async (profileId) => (await run('activate', () => app.keys.activate({ profileId }), same)) !== null,
    check: async (profileId) => (await run('check', () => app.keys.check({ profileId }), same)) !== null,
    recheckKeychain: async () => (await run('keychain', () => app.keys.recheckKeychain(), same)) !== null,
    createAppKey: async (request) => (await run('appKey', () => app.keys.createAppKey(request), (r) => r.status))?.profileId ?? null,
    revokeAppKey: async (profileId, adminKey) => (await run('revoke', () => app.keys.revokeAppKey({ profileId, adminKey }), same)) !== null,

    clearError: () => set({ error: null }),
  };
});

/** Usage and projects are read on demand and shown where asked; they are not app state. */
export async function readUsage(profileId: string): Promise<Result<UsageReport>> {
  return app.keys.usage({ profileId });
}

/** The projects an admin key can reach; the key is sent for this call only. */
export async function readAdminProjects(adminKey: string): Promise<Result<ProjectSummary[]>> {
  return app.keys.adminProjects({ adminKey });
}
