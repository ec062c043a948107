import { createHash } from 'node:crypto';

export interface ModelDescriptor {
  uuid: string;
  name: string;
  version: string;
  arch: string;
}

/** Public model ids accepted by /v1/listen (contract §2.2), plus the spec's default `base-general`. */
const PUBLIC_MODELS: readonly string[] = [
  'nova-3', 'nova-3-general', 'nova-3-medical',
  'nova-2', 'nova-2-general', 'nova-2-meeting', 'nova-2-finance', 'nova-2-conversationalai',
  'nova-2-voicemail', 'nova-2-video', 'nova-2-medical', 'nova-2-drivethru', 'nova-2-automotive',
  'nova', 'nova-general', 'nova-phonecall', 'nova-medical',
  'enhanced', 'enhanced-general', 'enhanced-meeting', 'enhanced-phonecall', 'enhanced-finance',
  'base', 'base-general', 'meeting', 'phonecall', 'finance', 'conversationalai', 'voicemail', 'video',
];

const VERSIONS: Readonly<Record<string, string>> = {
  'nova-3': '2025-03-17.0',
  'nova-2': '2024-09-05.12345',
  nova: '2024-01-06.5664',
  enhanced: '2022-05-18.1',
  base: '2024-02-06.8825',
};

export const DEFAULT_MODEL = 'base';

/** A UUID-shaped id that is the same for the same seed on every run. */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(`deepgram-double:${seed}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function split(model: string): { arch: string; domain: string } {
  for (const arch of ['nova-3', 'nova-2', 'nova', 'enhanced', 'base']) {
    if (model === arch) return { arch, domain: 'general' };
    if (model.startsWith(`${arch}-`)) return { arch, domain: model.slice(arch.length + 1) };
  }
  return { arch: 'base', domain: model };
}

function modelName(arch: string, domain: string): string {
  switch (arch) {
    case 'nova-3':
      return `${domain}-nova-3`;
    case 'nova-2':
      return `2-${domain}-nova`;
    case 'base':
      return domain;
    default:
      return `${domain}-${arch}`;
  }
}

/** Undefined for ids Deepgram would answer with "No such model/language/tier combination found." */
export function resolveModel(model: string | undefined): ModelDescriptor | undefined {
  const id = model ?? DEFAULT_MODEL;
  if (!PUBLIC_MODELS.includes(id)) return undefined;
  const { arch, domain } = split(id);
  const name = modelName(arch, domain);
  return { uuid: stableUuid(name), name, version: VERSIONS[arch] ?? '2024-01-01.0', arch };
}

export function isSupportedLanguage(language: string | undefined, model: ModelDescriptor): boolean {
  if (language === undefined) return true;
  if (language === 'multi') return model.arch === 'nova-3' || model.arch === 'nova-2';
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language);
}
