import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { ExportDocument } from '../../../common/transcript/export-document';
import { formatTimestamp } from '../../../common/transcript/paragraphs';
import type { TextExportOptions } from '../../../common/transcript/text-export';

/** A Word document: title, Deepgram's summary when there is one, then one paragraph per speaker turn. */
export async function toDocx(doc: ExportDocument, options: TextExportOptions): Promise<Uint8Array> {
  const children: Paragraph[] = [];
  if (doc.title !== '') children.push(new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }));
  if (doc.summary !== null) {
    children.push(new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }));
    children.push(new Paragraph({ text: doc.summary }));
    children.push(new Paragraph({ text: 'Transcript', heading: HeadingLevel.HEADING_1 }));
  }
  if (doc.segments.length === 0) {
    children.push(new Paragraph({ children: [new TextRun({ text: 'No speech was recognized.', italics: true })] }));
  }
  for (const segment of doc.segments) {
    const runs: TextRun[] = [];
    if (options.timestamps) runs.push(new TextRun({ text: `[${formatTimestamp(segment.start)}] `, color: '6B7280' }));
    if (options.speakerLabels && segment.label !== null) runs.push(new TextRun({ text: `${segment.label}: `, bold: true }));
    runs.push(new TextRun({ text: segment.text }));
    children.push(new Paragraph({ children: runs, spacing: { after: 160 } }));
  }
  const document = new Document({
    creator: 'Deepgram Desk',
    title: doc.title,
    description: 'Transcript',
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
