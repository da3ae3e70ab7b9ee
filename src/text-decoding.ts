/** The text of a file that starts with a UTF-16 byte order mark (as Windows editors save), else undefined. */
export function decodeUtf16(buffer: Buffer): string | undefined {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString("utf16le", 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    // Swapped by hand: decoding UTF-16BE through TextDecoder needs full ICU, which some Node builds lack.
    const body = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
    return body.swap16().toString("utf16le");
  }
  return undefined;
}
