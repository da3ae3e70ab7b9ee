import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../src/results.js";
import { treeTracker } from "./trees/temp-tree.js";

/**
 * The editor recipes of docs/editors.md, checked against the real bin's `--format unix` output. The VS Code problem
 * matcher and the Vim errorformat are read from the files the docs ship, so the docs cannot drift from this test.
 */
const BIN = fileURLToPath(new URL("../bin/snapcheck.js", import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));
const VSCODE_TASKS = fileURLToPath(new URL("../docs/editors/vscode-tasks.json", import.meta.url));
const VIM_SCRIPT = fileURLToPath(new URL("../docs/editors/snapcheck.vim", import.meta.url));

const trees = treeTracker();
afterAll(trees.cleanup);

beforeAll(() => {
  if (!fs.existsSync(BUILT_MAIN)) throw new Error("dist/ is missing: run `npx tsc -p .` (npm test does it in pretest)");
});

const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !["FORCE_COLOR", "NO_COLOR", "CI"].includes(name)));

function run(cwd: string, command: string, args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd, env: ENV, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin ?? "");
  });
}

/** What an editor should show for one finding. */
interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning";
  code?: string;
}

// ---- VS Code: the problem matcher of docs/editors/vscode-tasks.json ----

interface ProblemPattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  message: number;
  severity: number;
  code: number;
}

interface Task {
  label: string;
  command: string;
  problemMatcher: { owner: string; fileLocation: unknown; pattern: ProblemPattern };
}

const tasks = (JSON.parse(fs.readFileSync(VSCODE_TASKS, "utf8")) as { tasks: Task[] }).tasks;

/** As VS Code applies a one-line problem pattern: its regexp without flags, groups by index, severity case-insensitive. */
function vscodeMatcher(pattern: ProblemPattern): (line: string) => Problem | undefined {
  const regexp = new RegExp(pattern.regexp);
  return (line) => {
    const match = regexp.exec(line);
    if (!match) return undefined;
    const severity = match[pattern.severity]!.toLowerCase();
    if (severity !== "error" && severity !== "warning") throw new Error(`unexpected severity ${severity}`);
    return {
      file: match[pattern.file]!,
      line: Number(match[pattern.line]),
      column: Number(match[pattern.column]),
      message: match[pattern.message]!,
      severity,
      ...(match[pattern.code] !== undefined ? { code: match[pattern.code]! } : {}),
    };
  };
}

// ---- Vim: the errorformat of docs/editors/snapcheck.vim ----

const vimScript = fs.readFileSync(VIM_SCRIPT, "utf8");

/** A Vim single-quoted string: `''` stands for one quote. */
function vimVariable(name: string): string {
  const match = new RegExp(`^let ${name} = (?:get\\(g:, '\\w+', )?'((?:[^']|'')*)'\\)?$`, "m").exec(vimScript);
  if (!match) throw new Error(`${name} not found in snapcheck.vim`);
  return match[1]!.replaceAll("''", "'");
}

interface VimFormat {
  regexp: RegExp;
  fields: string[];
  ignore: boolean;
}

/**
 * Translates the errorformat items the docs use into a JS regexp, as Vim's quickfix.c does: each format anchored,
 * %f lazy when something follows it, %m greedy, %t one character, %. and %# as `.` and `*`, other characters literal.
 * Anything else throws, so a new item in the docs needs a translation here first.
 */
function vimErrorformat(errorformat: string): VimFormat[] {
  const formats: string[] = [];
  let current = "";
  for (let i = 0; i < errorformat.length; i++) {
    if (errorformat[i] === "\\" && errorformat[i + 1] === ",") current += errorformat[++i];
    else if (errorformat[i] === ",") formats.push(current), (current = "");
    else current += errorformat[i];
  }
  formats.push(current);
  return formats.map((format) => {
    let ignore = false;
    let rest = format;
    if (rest.startsWith("%-G")) {
      ignore = true;
      rest = rest.slice(3);
    }
    let source = "";
    const fields: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const char = rest[i]!;
      if (char !== "%") {
        source += char.replace(/[\\^$.*+?()[\]{}|/]/, (special) => `\\${special}`);
        continue;
      }
      const item = rest[++i];
      if (item === "f") source += i + 1 < rest.length ? "(.+?)" : "(.+)";
      else if (item === "l" || item === "c") source += "(\\d+)";
      else if (item === "m") source += "(.+)";
      else if (item === "t") source += "(.)";
      else if (item === ".") source += ".";
      else if (item === "#") source += "*";
      else if (item === "%") source += "%";
      else throw new Error(`errorformat item %${item} has no translation in this test`);
      if (item && "flcmt".includes(item)) fields.push(item);
    }
    return { regexp: new RegExp(`^${source}$`), fields, ignore };
  });
}

/** As Vim reads one line: the first format that matches wins; `%-G` drops the line. */
function vimParse(formats: readonly VimFormat[], line: string): Omit<Problem, "code"> | undefined {
  for (const { regexp, fields, ignore } of formats) {
    const match = regexp.exec(line);
    if (!match) continue;
    if (ignore) return undefined;
    const value = (field: string) => match[fields.indexOf(field) + 1]!;
    const type = value("t");
    if (type !== "E" && type !== "W") throw new Error(`unexpected type ${type}`);
    return {
      file: value("f"),
      line: Number(value("l")),
      column: Number(value("c")),
      message: value("m"),
      severity: type === "E" ? "error" : "warning",
    };
  }
  return undefined;
}

const vimFormats = vimErrorformat(vimVariable("g:snapcheck_errorformat"));

// ---- The code linted: an error, a warning, a message with colons and brackets, a fatal parse error ----

const FILES = {
  "my app/src/handler.js": [
    "export const id = crypto.randomUUID();",
    "export const handler = async () => ({ id, roll: Math.random() });",
    "",
  ].join("\n"),
  "my app/src/broken.js": "export const = ;\n",
};

/** The ground truth: the same run in `--format json`. */
function expectedProblems(results: LintResult[]): Problem[] {
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: result.filePath,
      line: message.line,
      column: message.column,
      message: message.message,
      severity: message.fatal || message.severity === 2 ? ("error" as const) : ("warning" as const),
      ...(message.ruleId ? { code: message.ruleId } : {}),
    })),
  );
}

describe("editor recipes parse snapcheck's --format unix output", () => {
  let cwd: string;
  let unixLines: string[];
  let expected: Problem[];

  beforeAll(async () => {
    cwd = trees.track(FILES);
    const [unix, json] = await Promise.all([
      run(cwd, process.execPath, [BIN, "--format", "unix", "my app/src"]),
      run(cwd, process.execPath, [BIN, "--format", "json", "my app/src"]),
    ]);
    expect(unix.code).toBe(1);
    unixLines = unix.stdout.split("\n");
    expected = expectedProblems(JSON.parse(json.stdout) as LintResult[]);
  });

  it("lints what the tests expect (ground truth)", () => {
    const handler = path.join(cwd, "my app/src/handler.js");
    expect(expected).toEqual([
      expect.objectContaining({ file: path.join(cwd, "my app/src/broken.js"), line: 1, column: 14, severity: "error" }),
      expect.objectContaining({ file: handler, line: 1, column: 19, severity: "error", code: "uniqueness/init-random" }),
      expect.objectContaining({ file: handler, line: 2, column: 49, severity: "warning", code: "uniqueness/handler-math-random" }),
    ]);
    expect(expected[0]).not.toHaveProperty("code");
    expect(expected[0]!.message).toMatch(/^Parsing error: /);
    expect(expected[1]!.message).toContain(": the value is frozen");
    expect(expected[2]!.message).toContain("(Lambda SnapStart, Firecracker)");
  });

  it("VS Code: every task in vscode-tasks.json runs --format unix with the same problem matcher", () => {
    expect(tasks.map((task) => task.label)).toEqual(["snapcheck", "snapcheck: current file"]);
    for (const task of tasks) {
      expect(task.command).toMatch(/^npx snapcheck --format unix( |$)/);
      expect(task.problemMatcher).toEqual(tasks[0]!.problemMatcher);
    }
    expect(tasks[0]!.problemMatcher.owner).toBe("snapcheck");
  });

  it("VS Code: the problem matcher finds file, line, column, message, severity and rule of every line", () => {
    const match = vscodeMatcher(tasks[0]!.problemMatcher.pattern);
    const problems = unixLines.map(match).filter((problem) => problem !== undefined);
    expect(problems).toEqual(expected);
    // The summary is not a problem.
    expect(unixLines.filter((line) => line !== "" && !match(line))).toEqual(["3 problems"]);
  });

  it("Vim: the errorformat finds file, line, column, message and type of every line", () => {
    const problems = unixLines.map((line) => vimParse(vimFormats, line)).filter((problem) => problem !== undefined);
    expect(problems).toEqual(expected.map(({ code: _code, ...problem }) => problem));
  });

  it("docs/editors.md quotes the tested regexp and errorformat", () => {
    const markdown = fs.readFileSync(fileURLToPath(new URL("../docs/editors.md", import.meta.url)), "utf8");
    const regexp = /^\s*"regexp": ("(?:[^"\\]|\\.)*"),?$/m.exec(markdown)?.[1];
    expect(regexp && JSON.parse(regexp)).toBe(tasks[0]!.problemMatcher.pattern.regexp);
    const errorformat = /^let &l:errorformat = '((?:[^']|'')*)'$/m.exec(markdown)?.[1]?.replaceAll("''", "'");
    expect(errorformat).toBe(vimVariable("g:snapcheck_errorformat"));
    expect(markdown).toContain(`let &l:makeprg = '${vimVariable("g:snapcheck_command")} --format unix'`);
  });

  it("both read Windows paths, and messages with colons and brackets", () => {
    const line = String.raw`C:\app\src\handler.ts:3:7: a [b]: c [Warning/uniqueness/init-random]`;
    const problem = { file: String.raw`C:\app\src\handler.ts`, line: 3, column: 7, message: "a [b]: c", severity: "warning" };
    expect(vscodeMatcher(tasks[0]!.problemMatcher.pattern)(line)).toEqual({ ...problem, code: "uniqueness/init-random" });
    expect(vimParse(vimFormats, line)).toEqual(problem);
  });

  it("Vim: the BufWritePost recipe's --stdin run parses the same way", async () => {
    const command = vimVariable("g:snapcheck_command");
    expect(command).toBe("npx snapcheck");
    expect(vimScript).toContain("' --format unix --stdin --stdin-filename ' . shellescape(expand('%:p'))");
    expect(vimScript).toMatch(/let &l:makeprg = g:snapcheck_command \. ' --format unix'/);

    const file = path.join(cwd, "my app/src/handler.js");
    const stdin = await run(cwd, process.execPath, [BIN, "--format", "unix", "--stdin", "--stdin-filename", file], FILES["my app/src/handler.js"]);
    const problems = stdin.stdout.split("\n").map((line) => vimParse(vimFormats, line)).filter((problem) => problem !== undefined);
    expect(problems).toEqual(expected.filter((problem) => problem.file === file).map(({ code: _code, ...problem }) => problem));
  });
});

const hasVim = spawnSync("vim", ["--version"], { stdio: "ignore" }).status === 0;

describe.skipIf(!hasVim)("snapcheck.vim in a real Vim", () => {
  it("fills the location list on write, and the quickfix list on :make", async () => {
    const cwd = trees.track(FILES);
    const file = path.join(cwd, "my app/src/handler.js");
    const out = path.join(cwd, "lists.json");
    const script = path.join(cwd, "check.vim");
    const dump = (list: string) =>
      `map(${list}, {_, e -> {'file': fnamemodify(bufname(e.bufnr), ':p'), 'line': e.lnum, 'column': e.col, 'type': e.type, 'text': e.text, 'valid': e.valid}})`;
    fs.writeFileSync(
      script,
      [
        `let g:snapcheck_command = 'node ' . shellescape(${vimString(BIN)})`,
        `source ${VIM_SCRIPT.replaceAll(" ", "\\ ")}`,
        `filetype on`,
        `execute 'edit ' . fnameescape(${vimString(file)})`,
        `write`,
        `let s:loclist = ${dump("getloclist(0)")}`,
        `silent make 'my app/src/handler.js'`,
        `let s:qflist = ${dump("getqflist()")}`,
        `call writefile([json_encode({'loclist': s:loclist, 'qflist': s:qflist, 'makeprg': &l:makeprg})], ${vimString(out)})`,
        `qa!`,
      ].join("\n"),
    );
    const vim = await run(cwd, "vim", ["-Nu", "NONE", "-i", "NONE", "-es", "-S", script]);
    expect(vim.stderr).toBe("");
    const lists = JSON.parse(fs.readFileSync(out, "utf8")) as { loclist: VimEntry[]; qflist: VimEntry[]; makeprg: string };
    expect(lists.makeprg).toBe(`node '${BIN}' --format unix`);
    const fromJs = translatedOutputFor(file);
    expect(lists.loclist.map(toProblem)).toEqual(fromJs);
    expect(lists.qflist.map(toProblem)).toEqual(fromJs);
  });
});

interface VimEntry {
  file: string;
  line: number;
  column: number;
  type: string;
  text: string;
  valid: number;
}

function vimString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function toProblem(entry: VimEntry): Omit<Problem, "code"> {
  expect(entry.valid).toBe(1);
  return { file: entry.file, line: entry.line, column: entry.column, message: entry.text, severity: entry.type === "E" ? "error" : "warning" };
}

/** What the JS translation of the errorformat makes of the real bin's output for `file`. */
function translatedOutputFor(file: string): Omit<Problem, "code">[] {
  const stdout = spawnSync(process.execPath, [BIN, "--format", "unix", file], { env: ENV, encoding: "utf8" }).stdout;
  return stdout
    .split("\n")
    .map((line) => vimParse(vimFormats, line))
    .filter((problem) => problem !== undefined);
}
