import { z } from 'zod';
import { toSrt, toWebVtt } from './caption-export';
import { buildExportDocument } from './export-document';
import type { ExportDocument } from './export-document';
import type { EditedTranscript } from './export-input';
import { toDeepgramJson, toEditedJson } from './json-export';
import { toMarkdown, toPlainText } from './text-export';

/** Every export format; `deepgram-json` is the raw response, `json` the edited transcript. */
export const exportFormats = ['txt', 'md', 'srt', 'vtt', 'json', 'deepgram-json', 'docx'] as const;
export const exportFormatSchema = z.enum(exportFormats);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
/** The formats made of text, which the renderer can also build itself (copy to the clipboard). */
export type TextExportFormat = Exclude<ExportFormat, 'docx'>;

/** File extension (without the dot) and media type of each format. */
export const exportFileTypes: Record<ExportFormat, { extension: string; mimeType: string }> = {
  txt: { extension: 'txt', mimeType: 'text/plain;charset=utf-8' },
  md: { extension: 'md', mimeType: 'text/markdown;charset=utf-8' },
  srt: { extension: 'srt', mimeType: 'application/x-subrip;charset=utf-8' },
  vtt: { extension: 'vtt', mimeType: 'text/vtt;charset=utf-8' },
  json: { extension: 'json', mimeType: 'application/json' },
  'deepgram-json': { extension: 'deepgram.json', mimeType: 'application/json' },
  docx: { extension: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
};

/** Options shared by the formats; each reads the ones that apply to it. */
export const exportOptionsSchema = z.object({
  /** Names before paragraphs (TXT, MD, DOCX) and cues (SRT, VTT). */
  speakerLabels: z.boolean().default(true),
  /** Paragraph start times in TXT, MD and DOCX; captions always have times. */
  timestamps: z.boolean().default(true),
  /** Characters per caption line; 42 is the usual broadcast limit. */
  maxLineLength: z.number().int().min(10).max(200).default(42),
  maxLinesPerCue: z.number().int().min(1).max(4).default(2),
});
export type ExportOptions = z.infer<typeof exportOptionsSchema>;

/** The defaults, for callers that set only some options. */
export const defaultExportOptions: ExportOptions = exportOptionsSchema.parse({});

/** Renders one of the text formats; pure, so main and the renderer give the same bytes. */
export function renderTextExport(input: EditedTranscript, format: TextExportFormat, options: ExportOptions, doc: ExportDocument = buildExportDocument(input)): string {
  switch (format) {
    case 'txt':
      return toPlainText(doc, options);
    case 'md':
      return toMarkdown(doc, options);
    case 'srt':
      return toSrt(doc, options);
    case 'vtt':
      return toWebVtt(doc, options);
    case 'json':
      return toEditedJson(doc, input);
    case 'deepgram-json':
      return toDeepgramJson(input);
  }
}
