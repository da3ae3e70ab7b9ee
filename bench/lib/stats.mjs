// Numbers for the benchmark report: pure functions, unit-tested in test/bench.

/** Median of the finite values; NaN when there are none (a tool that failed every run). */
export function median(values) {
  const finite = values.filter((value) => typeof value === "number" && Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** a / b, or NaN when either is missing or b is zero, so a failed run never shows as a fast one. */
export function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}

/** Items per second from a count and milliseconds. */
export function perSecond(count, ms) {
  return ratio(count, ms / 1000);
}

/** Decimal megabytes, as the corpus sizes are quoted (43 MB = 43,273,655 bytes). */
export function megabytes(bytes) {
  return bytes / 1e6;
}

/** `/usr/bin/time -f "%M %e"` output: peak RSS in KiB and seconds, last matching line wins. */
export function parseTimeOutput(text) {
  const lines = String(text).trim().split("\n").reverse();
  for (const line of lines) {
    const match = /^(\d+)\s+(\d+(?:\.\d+)?)$/.exec(line.trim());
    if (match) return { maxRssKiB: Number(match[1]), seconds: Number(match[2]) };
  }
  return undefined;
}

/** The probe's file: one maxRSS (KiB) line per Node process that exited; the largest is the peak. */
export function parseProbeOutput(text) {
  const values = String(text)
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((value) => Number.isFinite(value) && value > 0);
  return values.length > 0 ? Math.max(...values) : undefined;
}
