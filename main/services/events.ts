import type { EventName, EventPayload } from '../../common/contract';

/** How services tell the renderer that something changed. */
export interface EventSink {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}
