/**
 * A mistake on the user's side (a bad flag, a broken config file, a missing path). The CLI prints each problem
 * as one line on stderr and exits 2, never with a stack trace: the stack would point at snapcheck, not at the mistake.
 */
export class UsageError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === "string" ? [problems] : [...problems];
    super(list.join("\n"));
    this.name = "UsageError";
    this.problems = list;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
