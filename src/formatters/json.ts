import type { Formatter } from "./types.js";

/** ESLint's `json` formatter: the results exactly as produced, file paths absolute. */
export const json: Formatter = (results) => JSON.stringify(results);
