import type { CaptionUpdate, Lane } from '../../../common/live';
import type { LiveResults } from './live-messages';
import { mapResults } from './live-results';

const maxText = 20_000;

/**
 * Where each lane's final text has got to on the recording's time line, and which lanes show
 * provisional text; turns Results into caption updates that never go back in time.
 */
export class LaneTimeline {
  private readonly ends = [0, 0];
  private readonly interim = new Set<Lane>();

  constructor(
    private readonly recordingId: string,
    private readonly channels: 1 | 2,
    private readonly diarized: boolean,
  ) {}

  /** Recording time up to which every lane's text is final. */
  committedFloor(): number {
    return this.channels === 2 ? Math.min(this.ends[0] ?? 0, this.ends[1] ?? 0) : (this.ends[0] ?? 0);
  }

  /** The lanes of this recording. */
  lanes(): Lane[] {
    return this.channels === 2 ? [0, 1] : [0];
  }

  /** Forgets provisional text (its connection is gone); returns the lanes that showed some. */
  dropInterim(): Lane[] {
    const lanes = [...this.interim];
    this.interim.clear();
    return lanes;
  }

  /**
   * The update for a Results message of the connection whose first byte is at `offset`, or null
   * when it changes nothing. A final commits its lane up to the message's end.
   */
  apply(message: LiveResults, offset: number): CaptionUpdate | null {
    const laneIndex = message.channel_index[0] ?? 0;
    if ((laneIndex !== 0 && laneIndex !== 1) || laneIndex >= this.channels) return null;
    const committed = this.ends[laneIndex] ?? 0;
    const mapped = mapResults(message, offset, committed, this.diarized);
    if (!mapped) return null;
    const { lane } = mapped;
    const update: CaptionUpdate = {
      recordingId: this.recordingId,
      finals: mapped.finals.map((f) => ({ ...f, text: f.text.slice(0, maxText) })),
      lineEnds: mapped.lineEnd ? [lane] : [],
    };
    if (message.is_final === true) {
      this.ends[lane] = Math.max(committed, mapped.end);
      if (this.interim.delete(lane)) update.clearInterim = [lane];
    } else if (mapped.interim && mapped.interim.text !== '') {
      update.interim = [{ lane, start: mapped.interim.start, text: mapped.interim.text.slice(0, maxText) }];
      this.interim.add(lane);
    } else if (this.interim.delete(lane)) {
      update.clearInterim = [lane];
    }
    return update.finals.length > 0 || update.lineEnds.length > 0 || update.interim || update.clearInterim ? update : null;
  }
}
