import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin } from "./client.js";

const recipe = path.resolve(import.meta.dirname, "../../docs/editors/snapcheck-eglot.el");
const collect = path.resolve(import.meta.dirname, "eglot-diagnostics.el");

/** Emacs with eglot (built in from Emacs 29, the elpa-eglot package before). */
const hasEglot = spawnSync("emacs", ["--batch", "--eval", "(require 'eglot)"], { stdio: "ignore", timeout: 30_000 }).status === 0;
// CI installs Emacs and eglot (.ci/run): there a missing editor is a failure, never a silent skip.
if (!hasEglot && process.env.CI) throw new Error("emacs with eglot is not installed; .ci/run installs it");

describe("Emacs eglot with docs/editors/snapcheck-eglot.el", () => {
  it.skipIf(!hasEglot)("receives snapcheck's diagnostic on a fixture", () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "snapcheck-eglot-")));
    try {
      fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
      const fixture = path.join(dir, "handler.js");
      fs.writeFileSync(fixture, `import { randomUUID } from "node:crypto";\nconst instanceId = randomUUID();\nexport const handler = async () => ({ instanceId });\n`);
      const out = path.join(dir, "diagnostics.json");
      const run = spawnSync("emacs", ["--batch", "-l", collect], {
        cwd: dir,
        env: {
          ...process.env,
          SNAPCHECK_EGLOT_RECIPE: recipe,
          SNAPCHECK_LSP_CMD: [process.execPath, bin, "lsp"].join("\t"),
          SNAPCHECK_FIXTURE: fixture,
          SNAPCHECK_EGLOT_OUT: out,
        },
        timeout: 90_000,
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual([
        { line: 2, column: 19, type: "eglot-error", text: expect.stringMatching(/^snapcheck \[uniqueness\/init-random\]: crypto\.randomUUID\(\) runs at init/) },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
