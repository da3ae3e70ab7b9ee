/**
 * A SAM template of one Node.js function, `OrdersFunction`, whose code is in `src/` and whose handler is `handler`
 * (`file.export`); `properties` are more lines of its Properties, indented as they are.
 */
export function samTemplate(handler: string, properties: readonly string[] = []): string {
  return [
    `AWSTemplateFormatVersion: "2010-09-09"`,
    "Transform: AWS::Serverless-2016-10-31",
    "Resources:",
    "  OrdersFunction:",
    "    Type: AWS::Serverless::Function",
    "    Properties:",
    "      CodeUri: src/",
    `      Handler: ${handler}`,
    "      Runtime: nodejs20.x",
    ...properties,
    "",
  ].join("\n");
}
