import { DeepgramClient } from '@deepgram/sdk';
import type { Deepgram } from '@deepgram/sdk';
import { builtInModelName, builtInModels, modelCatalogSchema, modelFamily, modelInfoSchema } from '../../../common/presets';
import type { ModelCatalog, ModelInfo } from '../../../common/presets';
import type { Logger } from '../logging/logger';
import { toDeepgramAppError } from './deepgram-errors';

export interface CatalogCredentials {
  key: string;
  baseUrl: string;
}

/** The catalog used when Deepgram cannot be asked. */
export function builtInCatalog(): ModelCatalog {
  return { models: builtInModels.map((m) => ({ ...m, languages: [...m.languages] })), source: 'built-in' };
}

const familyOrder = ['nova-3', 'nova-2', 'nova', 'enhanced', 'base', 'whisper'];

function rank(id: string): number {
  const family = modelFamily(id);
  return family === null ? familyOrder.length : familyOrder.indexOf(family);
}

const languageSchema = modelInfoSchema.shape.languages.element;

/**
 * Turns `stt[]` of `GET /v1/models` into one entry per model id usable for files (`batch`), its
 * languages merged across versions; entries whose id the app cannot send are left out.
 */
export function toModelInfos(stt: readonly Deepgram.ListModelsV1ResponseSttModels[]): ModelInfo[] {
  const byId = new Map<string, { languages: Map<string, string>; streaming: boolean }>();
  for (const entry of stt) {
    if (entry.batch === false) continue;
    const id = entry.canonical_name ?? entry.name;
    if (typeof id !== 'string' || !modelInfoSchema.shape.id.safeParse(id).success) continue;
    const model = byId.get(id) ?? { languages: new Map<string, string>(), streaming: false };
    for (const language of entry.languages ?? []) {
      // Deepgram lists a tag in several casings across versions (`en-us`, `en-US`).
      if (languageSchema.safeParse(language).success && !model.languages.has(language.toLowerCase())) {
        model.languages.set(language.toLowerCase(), language);
      }
    }
    model.streaming ||= entry.streaming === true;
    byId.set(id, model);
  }
  return [...byId]
    .map(([id, { languages, streaming }]) => ({ id, name: builtInModelName(id) ?? id, languages: [...languages.values()].slice(0, 500), streaming }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id))
    .slice(0, 500);
}

/** Models for the picker: Deepgram's list per endpoint, remembered for the session, or the built-in one. */
export class ModelCatalogService {
  private readonly cache = new Map<string, Promise<ModelCatalog>>();

  constructor(private readonly deps: { fetch?: typeof fetch; logger?: Logger; timeoutSeconds?: number } = {}) {}

  /**
   * Batch models from `GET {baseUrl}/v1/models`, cached per base URL once read. Never fails: on
   * any failure (network, 401, a regional or self-hosted host without the route, an empty list)
   * it answers the built-in list, which is not cached so a later call asks again.
   */
  list(credentials: CatalogCredentials, signal?: AbortSignal): Promise<ModelCatalog> {
    const baseUrl = credentials.baseUrl.replace(/\/+$/, '');
    let pending = this.cache.get(baseUrl);
    if (!pending) {
      const asked = this.fetchCatalog({ key: credentials.key, baseUrl }, signal);
      this.cache.set(baseUrl, asked);
      void asked.then((catalog) => {
        if (catalog.source === 'built-in' && this.cache.get(baseUrl) === asked) this.cache.delete(baseUrl);
      });
      pending = asked;
    }
    // Each caller gets its own copy, so no caller can change what the next one sees.
    return pending.then((catalog) => structuredClone(catalog));
  }

  /** Forgets every remembered list. */
  clear(): void {
    this.cache.clear();
  }

  private async fetchCatalog(credentials: CatalogCredentials, signal?: AbortSignal): Promise<ModelCatalog> {
    try {
      const client = new DeepgramClient({ apiKey: credentials.key, baseUrl: credentials.baseUrl, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) });
      const response = await client.manage.v1.models.list(
        {},
        { timeoutInSeconds: this.deps.timeoutSeconds ?? 15, maxRetries: 0, ...(signal ? { abortSignal: signal } : {}) },
      );
      const models = toModelInfos(Array.isArray(response.stt) ? response.stt : []);
      if (models.length === 0) throw new Error('no batch models listed');
      // Parsing strips anything beyond the contract before it can cross to the renderer.
      return modelCatalogSchema.parse({ models, source: 'deepgram' });
    } catch (error) {
      const host = URL.canParse(credentials.baseUrl) ? new URL(credentials.baseUrl).host : 'the endpoint';
      // The classified message names the status or network code and has the key scrubbed out.
      const reason = toDeepgramAppError(error, { aborted: signal?.aborted ?? false, host, secret: credentials.key }).message;
      this.deps.logger?.warn(`Model list unavailable from ${host}; offering the built-in list. ${reason}`);
      return builtInCatalog();
    }
  }
}
