const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGITS = new Map(Array.from(ALPHABET, (char, index) => [char, index]));

/**
 * Decodes Bitcoin base58. Written here (not imported) because key import must be synchronous
 * and the library's own decoder is a transitive, undeclared dependency.
 */
export function decodeBase58btc(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    let carry = DIGITS.get(char);
    if (carry === undefined) throw new Error(`"${char}" is not a base58btc character`);
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] ?? 0) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  // Each leading '1' encodes one leading zero byte.
  for (const char of text) {
    if (char !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

/** Encodes Bitcoin base58 (the multibase 'z' alphabet), as the proofValue of a Data Integrity proof. */
export function encodeBase58btc(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += (digits[i] ?? 0) << 8;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let text = '';
  // Each leading zero byte is written as a leading '1'.
  for (const byte of bytes) {
    if (byte !== 0) break;
    text += '1';
  }
  for (let i = digits.length - 1; i >= 0; i--) text += ALPHABET.charAt(digits[i] ?? 0);
  return text;
}
