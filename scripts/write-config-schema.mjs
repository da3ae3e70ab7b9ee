// Writes the config's JSON Schema (schema/snapcheck.schema.json) from the built validator: `npm run schema`.
import fs from "node:fs";
import path from "node:path";
import { rulesById } from "../dist/rules/index.js";
import { JSON_SCHEMA_PATH, configJsonSchema } from "../dist/src/config/schema.js";

const target = path.join(import.meta.dirname, "..", JSON_SCHEMA_PATH);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${JSON.stringify(await configJsonSchema(rulesById), null, 2)}\n`);
console.log(`wrote ${JSON_SCHEMA_PATH}`);
