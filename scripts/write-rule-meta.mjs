// Writes the shipped rules' metadata (dist/rules/meta.json) from the built rules: part of `npm run build`. A run that
// lints nothing (`--changed` with nothing relevant changed) resolves configs from it without loading the rules, whose
// analyses load the TypeScript compiler.
import fs from "node:fs";
import path from "node:path";
import { allRules } from "../dist/rules/index.js";
import { SHIPPED_RULE_META_PATH } from "../dist/src/run/shipped-rule-meta.js";

const target = path.join(import.meta.dirname, "..", SHIPPED_RULE_META_PATH);
const temporary = `${target}.${process.pid}.tmp`;
fs.writeFileSync(temporary, `${JSON.stringify(allRules.map((rule) => rule.meta))}\n`);
fs.renameSync(temporary, target);
