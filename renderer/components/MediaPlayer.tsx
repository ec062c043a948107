import { forwardRef, useId, useState, type ReactElement } from 'react';

export interface MediaPlayerProps {
  src: string;
  /** Called about four times a second while playing, and on every seek. */
  onTime: (seconds: number) => void;
}

const speeds = [0.75, 1, 1.25, 1.5, 2];

/** The transcript's source audio or video, with speed control; a video without picture shrinks to its controls. */
export const MediaPlayer = forwardRef<HTMLVideoElement, MediaPlayerProps>(function MediaPlayer({ src, onTime }, ref): ReactElement {
  const id = useId();
  const [speed, setSpeed] = useState(1);
  const [audioOnly, setAudioOnly] = useState(true);
  return (
    <div className="player">
      <video
        ref={ref}
        className={audioOnly ? 'player-media player-audio' : 'player-media'}
        src={src}
        controls
        preload="metadata"
        aria-label="Recording"
        onLoadedMetadata={(e) => setAudioOnly(e.currentTarget.videoWidth === 0)}
        onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
        onSeeked={(e) => onTime(e.currentTarget.currentTime)}
        onRateChange={(e) => setSpeed(e.currentTarget.playbackRate)}
      />
      <label className="field-inline" htmlFor={`${id}-speed`}>
        <span>Speed</span>
        <select
          id={`${id}-speed`}
          value={speed}
          onChange={(e) => {
            const video = (ref as { current: HTMLVideoElement | null } | null)?.current;
            if (video) video.playbackRate = Number(e.target.value);
          }}
        >
          {speeds.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
    </div>
  );
});
