import type { SecretStore } from '../../main/services/keys/secret-store';

/** A SecretStore in memory for service tests; the contract test holds it to the keytar store's behaviour. */
export class InMemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(account) ?? null);
  }

  set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
    return Promise.resolve();
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.secrets.delete(account));
  }
}
