import { ManagementClient } from '../../main/services/deepgram/management-client';
import { ProfileSecrets } from '../../main/services/keys/keychain';
import { ProfileService } from '../../main/services/keys/profile-service';
import { ProfileStore } from '../../main/services/keys/profile-store';
import type { SecretStore } from '../../main/services/keys/secret-store';
import type { SecretRedactor } from '../../main/services/logging/logger';
import { SecretRedactor as Redactor } from '../../main/services/logging/logger';
import { InMemorySecretStore } from './in-memory-secret-store';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The production profile service with every Deepgram host standing in as `url` (the double). */
export function testProfileService(options: { dataDir: string; url: string; secrets?: SecretStore; redactor?: SecretRedactor }): ProfileService {
  return new ProfileService({
    store: new ProfileStore(options.dataDir),
    secrets: new ProfileSecrets({ keychain: options.secrets ?? new InMemorySecretStore(), probe: async () => ({ available: true, problem: null }) }),
    management: new ManagementClient({ globalBaseUrl: options.url }),
    redactor: options.redactor ?? new Redactor(),
    logger: quiet,
    regions: { us: options.url, eu: options.url },
  });
}

/** Deletes from the keychain every key the profiles in this data folder point to. */
export async function deleteProfileKeys(dataDir: string, secrets: SecretStore): Promise<void> {
  const settings = await new ProfileStore(dataDir).read();
  for (const profile of settings.profiles) await secrets.delete(profile.account);
}
