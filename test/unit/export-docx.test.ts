import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExportDocument } from '../../common/transcript/export-document';
import { defaultExportOptions } from '../../common/transcript/export-formats';
import { speakerKey } from '../../common/transcript/export-input';
import { toDocx } from '../../main/services/export/docx-export';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import { deepgramFixtures, diarizedFixture, docxParagraphs, makeResponse, readFixture, word } from '../support/export-helpers';

describe('DOCX export', () => {
  it('is a Word package whose paragraphs hold the title, the names and the words', async () => {
    const response = makeResponse([{ words: [word('Hello', 0, 0.5, 0), word('&', 0.5, 0.7, 0), word('<goodbye>', 0.7, 1, 0), word('Да.', 75, 76, 1)] }]);
    const doc = buildExportDocument({ title: 'Встреча 会議 😀', response, speakerNames: { [speakerKey(1)]: 'Ёжик ハリネズミ 🦔' } });
    const bytes = await toDocx(doc, defaultExportOptions);
    const files = unzipSync(bytes);
    expect(strFromU8(files['[Content_Types].xml'] ?? new Uint8Array())).toContain('wordprocessingml.document.main+xml');
    expect(strFromU8(files['docProps/core.xml'] ?? new Uint8Array())).toContain('<dc:title>Встреча 会議 😀</dc:title>');
    expect(docxParagraphs(bytes)).toEqual(['Встреча 会議 😀', '[0:00] Speaker 1: Hello & <goodbye>', '[1:15] Ёжик ハリネズミ 🦔: Да.']);
  });

  it('leaves out labels and times when asked, and characters XML cannot hold', async () => {
    // A lone surrogate (from a broken edit) and a control character in Deepgram's summary.
    const response = makeResponse([{ words: [word('Hi\ud800there', 0, 0.5, 0)] }], { results: { summary: { short: 'Sum\u0001ma\udc00ry' } } });
    const doc = buildExportDocument({ title: 'Bell\u0007', response, speakerNames: {} });
    const bytes = await toDocx(doc, { speakerLabels: false, timestamps: false });
    expect(docxParagraphs(bytes)).toEqual(['Bell', 'Summary', 'Sum mary', 'Transcript', 'Hithere']);
    const xml = strFromU8(unzipSync(bytes)['word/document.xml'] ?? new Uint8Array());
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008]|[\ud800-\udbff](?![\udc00-\udfff])|\ufffd/);
  });

  describe.skipIf(skipsWithoutShared(deepgramFixtures))('of the diarized recording', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
    beforeAll(() => requireShared(deepgramFixtures));

    it('has one paragraph per speaker turn, with the renamed speakers', async () => {
      const input = { title: 'Spacewalk', response: readFixture(diarizedFixture), speakerNames: { [speakerKey(1)]: 'Стефани 宇宙 🚀' } };
      const doc = buildExportDocument(input);
      const paragraphs = docxParagraphs(await toDocx(doc, defaultExportOptions));
      expect(paragraphs).toHaveLength(doc.segments.length + 1);
      expect(paragraphs[1]).toMatch(/^\[0:03\] Speaker 1: And, Jessica, Christina/);
      expect(paragraphs[2]).toMatch(/^\[0:17\] Стефани 宇宙 🚀: Drew, thank you so much\./);
      expect(paragraphs.filter((p) => p.includes('Speaker 2'))).toEqual([]);
    });
  });
});
