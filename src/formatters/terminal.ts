// OSC sequences (hyperlinks) end in BEL or ST; CSI sequences (colours) end in a final byte.
const OSC = /\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;
const CSI = /\u001B\[[0-?]*[ -/]*[@-~]/g;

/** Wraps `text` in an OSC 8 hyperlink to `url`. */
export function hyperlink(url: string, text: string): string {
  return `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;
}

export function stripEscapes(text: string): string {
  return text.replace(OSC, "").replace(CSI, "");
}

/** Columns a string occupies on a terminal, ignoring colour and hyperlink escape sequences. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of stripEscapes(text)) width++;
  return width;
}

/** C0 controls, DEL and C1 controls: a terminal acts on them (retitle, clear, move) instead of showing them. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * `text` with control characters shown as `\xNN`: a file name may hold an escape sequence or a newline, which
 * would rewrite the terminal or split one record of a line-based report into two.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
