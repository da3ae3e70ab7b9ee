// Loaded into the snapcheck child with `--import` to stage what a real machine does at the worst moment.
// SNAPCHECK_TEST_FAULT=enospc: writes to snapcheck's temporary files fail half way, as on a full disk.
// SNAPCHECK_TEST_FAULT=edit-during-fix: the target is saved by an editor as soon as its replacement is started.
import fs from "node:fs";
import path from "node:path";

const fault = process.env.SNAPCHECK_TEST_FAULT;
const temporaryFds = new Set();
const isTemporary = (file) => typeof file === "string" && file.includes(".snapcheck-") && file.endsWith(".tmp");

const openSync = fs.openSync;
fs.openSync = function (file, ...rest) {
  const fd = openSync.call(this, file, ...rest);
  if (isTemporary(file)) {
    temporaryFds.add(fd);
    if (fault === "edit-during-fix") {
      const name = path.basename(file);
      const target = path.join(path.dirname(file), name.slice(1, name.lastIndexOf(".snapcheck-")));
      fs.appendFileSync(target, "// saved in the editor\n");
    }
  }
  return fd;
};

const writeFileSync = fs.writeFileSync;
fs.writeFileSync = function (file, data, ...rest) {
  if (fault === "enospc" && temporaryFds.has(file)) {
    const bytes = Buffer.from(data);
    writeFileSync.call(this, file, bytes.subarray(0, bytes.length >> 1));
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
  }
  return writeFileSync.call(this, file, data, ...rest);
};
