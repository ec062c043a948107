/** File name endings of the audio and video formats the app accepts (the pickers' filter, export names). */
export const mediaExtensions = ['wav', 'mp3', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'webm', 'mp4', 'm4v', 'mov', 'mkv', 'avi', 'wma', 'aiff', 'aif', 'amr', '3gp', 'caf'];

/** A title without a trailing media extension: "meeting.wav" exports as "meeting.srt", not "meeting.wav.srt". */
export function withoutMediaExtension(title: string): string {
  const dot = title.lastIndexOf('.');
  if (dot <= 0) return title;
  return mediaExtensions.includes(title.slice(dot + 1).toLowerCase()) ? title.slice(0, dot) : title;
}
