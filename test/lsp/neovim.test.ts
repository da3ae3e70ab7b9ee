import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin } from "./client.js";

const recipe = path.resolve(import.meta.dirname, "../../docs/editors/snapcheck-lsp.lua");
const collect = path.resolve(import.meta.dirname, "nvim-diagnostics.lua");

function hasNeovim(): boolean {
  try {
    execFileSync("nvim", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const available = hasNeovim();
// CI installs Neovim (.ci/run): there a missing nvim is a failure, not a reason to skip.
const inCi = process.env.CI === "true";

describe("Neovim's built-in LSP client with docs/editors/snapcheck-lsp.lua", () => {
  it.runIf(inCi && !available)("finds nvim in CI", () => {
    expect.fail("nvim is not installed; .ci/run installs it before the tests");
  });

  it.skipIf(!available)("shows snapcheck's diagnostic on a fixture, with its position, rule id and source", () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-nvim-")));
    try {
      fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
      fs.writeFileSync(
        path.join(dir, "handler.ts"),
        `import { randomUUID } from "node:crypto";\nconst instanceId = randomUUID();\nexport const handler = async () => ({ instanceId });\n`,
      );
      const out = path.join(dir, "diagnostics.json");
      const run = spawnSync(
        "nvim",
        ["--headless", "--clean", "--cmd", `let g:snapcheck_lsp_cmd = ['${process.execPath}', '${bin}', 'lsp']`, "--cmd", `luafile ${recipe}`, "-c", `luafile ${collect}`, "handler.ts"],
        { cwd: dir, env: { ...process.env, SNAPCHECK_NVIM_OUT: out }, timeout: 60_000, encoding: "utf8" },
      );
      expect(run.status, run.stderr).toBe(0);
      const written = JSON.parse(fs.readFileSync(out, "utf8"));
      expect(written.clients).toEqual(["snapcheck"]);
      expect(written.found).toBe(true);
      expect(written.diagnostics).toEqual([
        {
          lnum: 1,
          col: 19,
          end_lnum: 1,
          end_col: 31,
          severity: 1,
          source: "snapcheck",
          code: "uniqueness/init-random",
          message: expect.stringMatching(/^crypto\.randomUUID\(\) runs at init/),
        },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
