#!/usr/bin/env node
import v8 from "node:v8";

// V8 lets the heap grow to about four times what is live before collecting; half again keeps a run over a large
// tree near 400 MB instead of 650 MB at no measurable cost in time. A flag the user set wins.
const nodeFlags = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
if (!nodeFlags.includes("heap-growing-percent")) v8.setFlagsFromString("--heap-growing-percent=50");

const { main } = await import("../dist/src/cli/main.js");

main(process.argv).then((code) => {
  process.exitCode = code;
});
