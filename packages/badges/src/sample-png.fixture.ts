import extractChunks from 'png-chunks-extract';
import { svgToPng } from './svg-to-png.js';

// Test data only: a PNG drawn without text, so the baking tests do not depend on fonts.
export function samplePng(widthPx = 64): Buffer {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#3030a6"/></svg>';
  return svgToPng(svg, widthPx);
}

/** The chunks of a PNG; png-chunks-extract throws if any CRC is wrong or IEND is missing. */
export function chunksOf(png: Uint8Array): { name: string; data: Uint8Array }[] {
  return extractChunks(png);
}

/** Width and height from the IHDR chunk, which must come first. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const [header] = chunksOf(png);
  if (header?.name !== 'IHDR') throw new Error('IHDR is not the first chunk');
  const view = Buffer.from(header.data);
  return { width: view.readUInt32BE(0), height: view.readUInt32BE(4) };
}
