import type { ExportDocument, ExportSegment } from './export-document';
import { formatTimestamp } from './paragraphs';

/** What a reading format (TXT, Markdown, DOCX) shows besides the words. */
export interface TextExportOptions {
  speakerLabels: boolean;
  timestamps: boolean;
}

/** Plain text: one paragraph per block, `[m:ss] Name: text`, without title or summary (it is also what is copied). */
export function toPlainText(doc: ExportDocument, options: TextExportOptions): string {
  if (doc.segments.length === 0) return '';
  const blocks = doc.segments.map((segment) => {
    const time = options.timestamps ? `[${formatTimestamp(segment.start)}] ` : '';
    const label = options.speakerLabels && segment.label !== null ? `${segment.label}: ` : '';
    return `${time}${label}${segment.text}`;
  });
  return `${blocks.join('\n\n')}\n`;
}

/** Markdown: the title as a heading, the summary when Deepgram made one, then the paragraphs. */
export function toMarkdown(doc: ExportDocument, options: TextExportOptions): string {
  const out: string[] = [];
  if (doc.title !== '') out.push(`# ${escapeMarkdown(doc.title)}`, '');
  if (doc.summary !== null) {
    out.push('## Summary', '', escapeMarkdown(doc.summary), '', '## Transcript', '');
  }
  for (const segment of doc.segments) {
    out.push(markdownParagraph(segment, options), '');
  }
  return out.length === 0 ? '' : `${out.join('\n').trimEnd()}\n`;
}

function markdownParagraph(segment: ExportSegment, options: TextExportOptions): string {
  const time = options.timestamps ? `[${formatTimestamp(segment.start)}] ` : '';
  const label = options.speakerLabels && segment.label !== null ? `**${escapeMarkdown(segment.label)}:** ` : '';
  const text = escapeMarkdown(segment.text);
  // Only text that starts the line could be read as a heading, list or quote.
  return time === '' && label === '' ? escapeLineStart(text) : `${time}${label}${text}`;
}

/** Escapes the characters Markdown would read as formatting inside a line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

function escapeLineStart(text: string): string {
  if (/^[#\-+=]/.test(text)) return `\\${text}`;
  return text.replace(/^(\d+)([.)])/, '$1\\$2');
}
