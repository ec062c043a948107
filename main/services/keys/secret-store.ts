import type * as KeytarModule from 'keytar';
import { AppError } from '../../../common/errors';

/** Where secrets live: the OS keychain in the app, memory in some tests. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

type Keytar = typeof KeytarModule;

/** The OS keychain through keytar: macOS Keychain, Windows Credential Manager, libsecret. */
export class KeytarSecretStore implements SecretStore {
  private keytar: Promise<Keytar> | undefined;

  constructor(private readonly service: string) {}

  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then((module) => ('default' in module ? (module.default as Keytar) : module));
    return this.keytar;
  }

  private async call<T>(run: (keytar: Keytar) => Promise<T>): Promise<T> {
    try {
      return await run(await this.load());
    } catch (error) {
      throw new AppError(
        'KEYCHAIN_UNAVAILABLE',
        'The system keychain could not be used. On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet), then try again.',
        { cause: error },
      );
    }
  }

  get(account: string): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.call((k) => k.setPassword(this.service, account, secret));
  }

  delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(this.service, account));
  }
}
