import { describe, expect, it } from "vitest";
import { FORMAT_NAMES, getFormatter } from "../../src/formatters/index.js";
import { context, sampleResults } from "./helpers.js";

describe("formatter registry", () => {
  it("lists the built-in formats", () => {
    expect(FORMAT_NAMES).toEqual(["stylish", "json", "compact", "unix", "sarif", "github", "junit", "gitlab"]);
  });

  it("returns a formatter for every listed name and nothing for others", async () => {
    for (const name of FORMAT_NAMES) expect(typeof (await getFormatter(name))).toBe("function");
    for (const name of ["", "checkstyle", "Stylish", "__proto__", "constructor", "toString"]) expect(await getFormatter(name)).toBeUndefined();
  });

  it.each(FORMAT_NAMES)("%s neither mutates nor reorders its input and is deterministic", async (name) => {
    const formatter = (await getFormatter(name))!;
    for (const options of [{}, { color: true, hyperlinks: true }]) {
      const results = sampleResults().reverse();
      const snapshot = structuredClone(results);
      const first = formatter(results, context(options));
      expect(results).toEqual(snapshot);
      expect(formatter(results, context(options))).toBe(first);
      expect(formatter(structuredClone(snapshot), context(options))).toBe(first);
    }
  });

  it.each(FORMAT_NAMES)("%s does not depend on the environment's colour support", async (name) => {
    const formatter = (await getFormatter(name))!;
    const saved = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = "0";
    const without = formatter(sampleResults(), context({ color: true }));
    process.env.FORCE_COLOR = "3";
    const withColor = formatter(sampleResults(), context({ color: true }));
    if (saved === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = saved;
    expect(withColor).toBe(without);
  });
});
