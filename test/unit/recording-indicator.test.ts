import { describe, expect, it } from 'vitest';
import { RecordingIndicator } from '../../main/services/shell/recording-indicator';

describe('RecordingIndicator', () => {
  it('starts idle and tells listeners only about real changes', () => {
    const indicator = new RecordingIndicator();
    const heard: boolean[] = [];
    indicator.onChange((recording) => heard.push(recording));
    expect(indicator.get()).toBe(false);
    indicator.set(false);
    indicator.set(true);
    indicator.set(true);
    expect(indicator.get()).toBe(true);
    indicator.set(false);
    expect(heard).toEqual([true, false]);
  });

  it('stops calling a listener once it unsubscribes', () => {
    const indicator = new RecordingIndicator();
    const heard: boolean[] = [];
    const stop = indicator.onChange((recording) => heard.push(recording));
    indicator.set(true);
    stop();
    indicator.set(false);
    expect(heard).toEqual([true]);
  });
});
