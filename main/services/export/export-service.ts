import { basename, dirname } from 'node:path';
import { AppError } from '../../../common/errors';
import { buildExportDocument } from '../../../common/transcript/export-document';
import { exportFileTypes, renderTextExport } from '../../../common/transcript/export-formats';
import type { ExportFormat, ExportOptions, TextExportFormat } from '../../../common/transcript/export-formats';
import type { EditedTranscript } from '../../../common/transcript/export-input';
import type { ListenResponse } from '../../../common/deepgram-response';
import type { TranscriptSummary } from '../../../common/domain';
import { writeFileAtomic } from '../fs/atomic-file';
import { describeWriteError } from '../fs/write-errors';
import { toDocx } from './docx-export';
import { FolderWriter } from './export-folder';
import type { WrittenFile } from './export-folder';
import { safeFileName } from './file-name';
import { withoutMediaExtension } from '../../../common/media-extensions';

/** The bytes of one export and how to name and type them. */
export interface RenderedExport {
  data: string | Uint8Array;
  extension: string;
  mimeType: string;
}

/** Renders one transcript in one format, names and edits applied. */
export async function renderExport(input: EditedTranscript, format: ExportFormat, options: ExportOptions): Promise<RenderedExport> {
  const type = exportFileTypes[format];
  const doc = buildExportDocument(input);
  const data = format === 'docx' ? await toDocx(doc, options) : renderTextExport(input, format, options, doc);
  return { data, ...type };
}

/** Finds a transcript with the user's names and edits; the library and the edit layer supply it. */
export interface EditedTranscriptSource {
  load(id: string): Promise<EditedTranscript>;
}

/** The source for transcripts without an edit layer yet: the library's response and title, no names. */
export function libraryTranscriptSource(library: { get(id: string): Promise<{ summary: TranscriptSummary; response: ListenResponse }> }): EditedTranscriptSource {
  return {
    async load(id) {
      const { summary, response } = await library.get(id);
      return { title: summary.title, response, speakerNames: {} };
    },
  };
}

/** Exports saved transcripts to files: one to a path the user chose, or many into a folder. */
export class ExportService {
  constructor(private readonly source: EditedTranscriptSource) {}

  /** The file name to offer in a save dialog for this transcript and format. */
  async suggestFileName(id: string, format: ExportFormat): Promise<string> {
    const { title } = await this.source.load(id);
    return safeFileName(withoutMediaExtension(title), exportFileTypes[format].extension);
  }

  /** One transcript in a text format, corrections and names included, for the clipboard. */
  async exportText(id: string, format: TextExportFormat, options: ExportOptions): Promise<string> {
    return renderTextExport(await this.source.load(id), format, options);
  }

  /** Writes one export to `path`, replacing a file there (the save dialog asked the user first). */
  async exportToFile(id: string, format: ExportFormat, options: ExportOptions, path: string): Promise<WrittenFile> {
    const rendered = await renderExport(await this.source.load(id), format, options);
    try {
      await writeFileAtomic(path, rendered.data);
    } catch (error) {
      throw describeWriteError(error, 'The export', dirname(path));
    }
    return { path, fileName: basename(path) };
  }

  /**
   * Writes every transcript in every format into `folder`, numbering names instead of replacing files.
   * Files already written stay when `signal` aborts; the rest are not started.
   */
  async exportToFolder(
    ids: readonly string[],
    formats: readonly ExportFormat[],
    options: ExportOptions,
    folder: string,
    progress: { signal?: AbortSignal; onFile?: (written: WrittenFile, done: number, total: number) => void } = {},
  ): Promise<WrittenFile[]> {
    // One file in memory at a time: ten-hour transcripts in several formats add up.
    const writer = new FolderWriter(folder);
    const written: WrittenFile[] = [];
    const total = ids.length * formats.length;
    for (const id of ids) {
      const input = await this.source.load(id);
      for (const format of formats) {
        if (progress.signal?.aborted) throw new AppError('CANCELED', `Export stopped after ${written.length} of ${total} files; those are in ${folder}.`);
        const rendered = await renderExport(input, format, options);
        const file = await writer.write({ title: withoutMediaExtension(input.title), extension: rendered.extension, data: rendered.data });
        written.push(file);
        progress.onFile?.(file, written.length, total);
      }
    }
    return written;
  }
}
