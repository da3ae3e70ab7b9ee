/**
 * Whether this process has loaded the TypeScript compiler. A run whose files all come from the cache never needs
 * it, and `--debug` says whether it was loaded, so a static import that pulls it in again shows.
 */
let loaded = false;

export function noteCompilerLoaded(): void {
  loaded = true;
}

export function compilerLoaded(): boolean {
  return loaded;
}
