import { readFile } from 'node:fs/promises';

const ids = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  info: 0x1549a966,
  duration: 0x4489,
  cues: 0x1c53bb6b,
  cuePoint: 0xbb,
  cluster: 0x1f43b675,
};

/** What a player needs to show a duration and seek without reading the whole file. */
export interface WebmLayout {
  segmentSizeKnown: boolean;
  /** Some top-level element (a live capture's cluster) declares an unknown size. */
  unknownSizeElements: number;
  hasDuration: boolean;
  cuePoints: number;
  clusters: number;
}

interface Element {
  id: number;
  dataStart: number;
  /** undefined: the size is "unknown" (all ones), as in a live stream. */
  size: number | undefined;
}

function readVint(bytes: Uint8Array, pos: number, keepMarker: boolean): { value: number; length: number; allOnes: boolean } {
  const first = bytes[pos] ?? 0;
  let length = 1;
  while (length <= 8 && (first & (0x80 >> (length - 1))) === 0) length += 1;
  if (length > 8) throw new Error(`Bad EBML length at ${pos}`);
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = (first & (0xff >> length)) === 0xff >> length;
  for (let i = 1; i < length; i += 1) {
    const byte = bytes[pos + i] ?? 0;
    value = value * 256 + byte;
    if (byte !== 0xff) allOnes = false;
  }
  return { value, length, allOnes };
}

function readElement(bytes: Uint8Array, pos: number): Element {
  const id = readVint(bytes, pos, true);
  const size = readVint(bytes, pos + id.length, false);
  return { id: id.value, dataStart: pos + id.length + size.length, size: size.allOnes ? undefined : size.value };
}

/** Walks a WebM's top level (and its Info and Cues) to see whether it has a duration and cues. */
export async function webmLayout(path: string): Promise<WebmLayout> {
  const bytes = new Uint8Array(await readFile(path));
  const header = readElement(bytes, 0);
  if (header.id !== ids.ebml || header.size === undefined) throw new Error('Not an EBML file');
  const segment = readElement(bytes, header.dataStart + header.size);
  if (segment.id !== ids.segment) throw new Error('No Segment after the EBML header');
  const layout: WebmLayout = { segmentSizeKnown: segment.size !== undefined, unknownSizeElements: 0, hasDuration: false, cuePoints: 0, clusters: 0 };
  const end = segment.size === undefined ? bytes.length : segment.dataStart + segment.size;
  let pos = segment.dataStart;
  while (pos < end) {
    const element = readElement(bytes, pos);
    if (element.id === ids.cluster) layout.clusters += 1;
    if (element.size === undefined) {
      // An unknown-size element runs to the next top-level element; only a cluster does that here.
      layout.unknownSizeElements += 1;
      const next = findNextCluster(bytes, element.dataStart);
      if (next === undefined) break;
      pos = next;
      continue;
    }
    const children = childIds(bytes, element);
    if (element.id === ids.info && children.includes(ids.duration)) layout.hasDuration = true;
    if (element.id === ids.cues) layout.cuePoints += children.filter((id) => id === ids.cuePoint).length;
    pos = element.dataStart + element.size;
  }
  return layout;
}

function childIds(bytes: Uint8Array, parent: Element): number[] {
  if (parent.id !== ids.info && parent.id !== ids.cues) return [];
  const found: number[] = [];
  const end = parent.dataStart + (parent.size ?? 0);
  for (let pos = parent.dataStart; pos < end; ) {
    const child = readElement(bytes, pos);
    found.push(child.id);
    if (child.size === undefined) break;
    pos = child.dataStart + child.size;
  }
  return found;
}

function findNextCluster(bytes: Uint8Array, from: number): number | undefined {
  for (let pos = from; pos + 4 <= bytes.length; pos += 1) {
    if (bytes[pos] === 0x1f && bytes[pos + 1] === 0x43 && bytes[pos + 2] === 0xb6 && bytes[pos + 3] === 0x75) return pos;
  }
  return undefined;
}
