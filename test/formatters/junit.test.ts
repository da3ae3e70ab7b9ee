import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { junit } from "../../src/formatters/junit.js";
import { makeResult } from "../../src/results.js";
import { CWD, context, msg, sampleResults } from "./helpers.js";

type XmlNode = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "testsuite" || name === "testcase" });

function parse(xml: string): XmlNode {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as XmlNode;
}

// Required by the JUnit XSD (Apache Ant's junit-4.xsd, extended by Jenkins' junit-10.xsd).
const SUITE_ATTRIBUTES = ["@name", "@tests", "@failures", "@errors", "@time"];
const CASE_ATTRIBUTES = ["@name", "@classname", "@time"];

describe("junit formatter", () => {
  it("is well-formed XML with the elements and attributes the JUnit schema requires, counts that add up", () => {
    const document = parse(junit(sampleResults(), context()));
    const root = document.testsuites as XmlNode;
    const suites = root.testsuite as XmlNode[];
    expect(suites.map((suite) => suite["@name"])).toEqual(["src/handler.ts", "src/clean.ts", "lib/db.ts", "src/broken.ts"]);
    for (const suite of suites) {
      for (const attribute of SUITE_ATTRIBUTES) expect(suite).toHaveProperty([attribute]);
      const cases = suite.testcase as XmlNode[];
      expect(Number(suite["@tests"])).toBe(cases.length);
      for (const testcase of cases) for (const attribute of CASE_ATTRIBUTES) expect(testcase).toHaveProperty([attribute]);
      const failing = cases.filter((testcase) => "failure" in testcase).length;
      const erroring = cases.filter((testcase) => "error" in testcase).length;
      expect([Number(suite["@failures"]), Number(suite["@errors"])]).toEqual([failing, erroring]);
    }
    expect([root["@tests"], root["@failures"], root["@errors"]]).toEqual(["5", "3", "1"]); // 2 + 1 clean + 1 + 1 parse failure
    const handler = suites[0]!.testcase as XmlNode[];
    expect(handler[0]).toMatchObject({ "@name": "uniqueness/init-random", "@classname": "src/handler.ts" });
    expect((handler[0]!.failure as XmlNode)["#text"]).toBe(
      "line 3, col 14, Error - Math.random() runs at init: its value is frozen into the snapshot. (uniqueness/init-random)",
    );
    // A clean file is a passing test case, so it counts as checked.
    expect((suites[1]!.testcase as XmlNode[])[0]).not.toHaveProperty("failure");
    // A parse failure is an error, not a failed check.
    expect(((suites[3]!.testcase as XmlNode[])[0]!.error as XmlNode)["@message"]).toBe("Parsing error: ';' expected.");
  });

  it("escapes markup and drops characters XML cannot hold, so hostile messages and paths stay well-formed", () => {
    const hostile = makeResult(`${CWD}/src/a"<&>\u0007.ts`, [msg("uniqueness/init-random", 2, 'x < y && "z" ]]> \u0001\u001b[2J', 1, 1)]);
    const document = parse(junit([hostile], context()));
    const suite = ((document.testsuites as XmlNode).testsuite as XmlNode[])[0]!;
    expect(suite["@name"]).toBe('src/a"<&>.ts');
    expect(((suite.testcase as XmlNode[])[0]!.failure as XmlNode)["@message"]).toBe('x < y && "z" ]]> [2J');
  });

  it("reports an empty run as an empty suite list", () => {
    expect((parse(junit([], context())).testsuites as XmlNode)["@tests"]).toBe("0");
  });
});
