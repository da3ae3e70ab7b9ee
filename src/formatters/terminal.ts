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
