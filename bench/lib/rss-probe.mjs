// Preloaded with `node --import` when /usr/bin/time is missing: Node 20 cannot read a child's rusage from the
// parent, so each Node process appends its own peak RSS (KiB) to the file the harness names.
import fs from "node:fs";

const target = process.env.SNAPCHECK_BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    try {
      fs.appendFileSync(target, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // The harness then reports n/a; a probe must never change the tool's exit code.
    }
  });
}
