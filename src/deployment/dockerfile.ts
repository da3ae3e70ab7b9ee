import { DockerfileParser, type Instruction } from "dockerfile-ast";

/** A 1-based place in a descriptor's text. */
export interface DescriptorSpan {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface DockerInstruction {
  /** Upper-case keyword: FROM, LABEL, RUN, CMD, ENTRYPOINT... */
  keyword: string;
  /** The arguments as written, continuation lines joined (exec-form JSON arrays stay as text). */
  text: string;
  /** Arguments split as the shell form splits them, quotes removed. */
  words: string[];
  span: DescriptorSpan;
  /** For LABEL: its key=value pairs. */
  labels?: { key: string; value: string }[];
}

/** The instructions of the stage that becomes the image: the last `FROM` and what follows it. */
export interface DockerImageStage {
  from: DockerInstruction;
  instructions: DockerInstruction[];
}

export interface ParsedDockerfile {
  instructions: DockerInstruction[];
  /** Whole-line `#` comments (the only comments a Dockerfile has), without the `#`. */
  comments: { text: string; line: number; column: number }[];
  finalStage: DockerImageStage | undefined;
}

/** Parses a Dockerfile with dockerfile-ast (the parser of the Docker language server), which never throws on bad input. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions().map(readInstruction);
  const comments = dockerfile.getComments().map((comment) => {
    const { start } = comment.getRange();
    return { text: comment.getContent(), line: start.line + 1, column: start.character + 1 };
  });
  const lastFrom = instructions.map((instruction) => instruction.keyword).lastIndexOf("FROM");
  const finalStage = lastFrom < 0 ? undefined : { from: instructions[lastFrom]!, instructions: instructions.slice(lastFrom + 1) };
  return { instructions, comments, finalStage };
}

function readInstruction(instruction: Instruction): DockerInstruction {
  const { start, end } = instruction.getRange();
  const keyword = instruction.getKeyword().toUpperCase();
  const read: DockerInstruction = {
    keyword,
    text: instruction.getArgumentsContent() ?? "",
    words: instruction.getArguments().map((argument) => argument.getValue()),
    span: { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
  };
  if (keyword === "LABEL" && "getProperties" in instruction) {
    const properties = (instruction as Instruction & { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
    read.labels = properties.map((property) => ({ key: property.getName(), value: property.getValue() ?? "" }));
  }
  return read;
}

/** The command an exec-form (`["node", "x.js"]`) or shell-form instruction runs, as words. */
export function commandWords(instruction: DockerInstruction): string[] {
  const trimmed = instruction.text.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((word) => typeof word === "string")) return parsed as string[];
    } catch {
      // Not valid JSON: Docker runs it as a shell command, and so it is read.
    }
  }
  return instruction.words;
}
