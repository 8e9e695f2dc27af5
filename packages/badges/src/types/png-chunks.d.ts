// Minimal shims for the untyped CommonJS png-chunks-* packages: only what this package calls.
// Each sets `module.exports` to one function, which an ES module receives as its default export.
// Kept out of exported signatures so consumers never need them.

declare module 'png-chunks-extract' {
  /** Splits a PNG into its chunks; throws on a bad signature, a CRC mismatch or a missing IEND. */
  export default function extractChunks(data: Uint8Array): { name: string; data: Uint8Array }[];
}

declare module 'png-chunks-encode' {
  /** Writes the PNG signature and the chunks, computing each chunk's length and CRC. */
  export default function encodeChunks(chunks: readonly { name: string; data: Uint8Array }[]): Uint8Array;
}
