#!/usr/bin/env node
const { setCommandLineV8Flags } = await import("../dist/src/v8-flags.js");
setCommandLineV8Flags();

const { main } = await import("../dist/src/cli/main.js");

main(process.argv).then((code) => {
  process.exitCode = code;
});
