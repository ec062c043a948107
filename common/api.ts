import type { Result } from './errors';
import type { Channel, ChannelArgs, ChannelResult, EventName, EventPayload } from './contract';
import { channels, eventNames } from './contract';

type Namespace<K extends string> = K extends `${infer NS}.${string}` ? NS : never;
type Member<K extends string> = K extends `${string}.${infer M}` ? M : never;
type EventMember<K extends string> = `on${Capitalize<Member<K>>}`;

export type Unsubscribe = () => void;

/** `window.app` as far as IPC goes: one method per channel and one `onX` per event. */
export type ChannelApi = {
  [NS in Namespace<Channel | EventName>]: {
    [C in Channel as Namespace<C> extends NS ? Member<C> : never]: (...args: ChannelArgs<C>) => Promise<Result<ChannelResult<C>>>;
  } & {
    [E in EventName as Namespace<E> extends NS ? EventMember<E> : never]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
  };
};

/** What a transport must provide for `buildChannelApi`: Electron IPC in the app, a WebSocket in tests. */
export interface ApiTransport {
  invoke(channel: Channel, args: unknown[]): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/** The API path of a channel or event, e.g. `jobs.updated` -> [`jobs`, `onUpdated`]. */
export function apiPath(name: string, kind: 'invoke' | 'event'): [string, string] {
  const dot = name.indexOf('.');
  const ns = name.slice(0, dot);
  const member = name.slice(dot + 1);
  return kind === 'invoke' ? [ns, member] : [ns, `on${member[0]!.toUpperCase()}${member.slice(1)}`];
}

/** Builds the task-shaped API from the contract; no generic invoke is ever exposed. */
export function buildChannelApi(transport: ApiTransport): ChannelApi {
  const api: Record<string, Record<string, unknown>> = {};
  const place = (path: [string, string], fn: unknown): void => {
    const [ns, member] = path;
    api[ns] ??= {};
    api[ns][member] = fn;
  };
  for (const channel of channels) {
    place(apiPath(channel, 'invoke'), (...args: unknown[]) => transport.invoke(channel, args));
  }
  for (const event of eventNames) {
    place(apiPath(event, 'event'), (listener: (payload: unknown) => void) => transport.subscribe(event, listener));
  }
  return api as unknown as ChannelApi;
}
