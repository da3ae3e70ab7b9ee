import { testFixtureTable, type Finding } from "./fixture-table.js";

/**
 * Every file under fixtures/deployment and what linting it with every rule must report. Each descriptor kind has a
 * flagged/ project (each mistake once) and a correct/ twin (the same functions set up so that SnapStart applies),
 * which reports nothing.
 */
const EXPECTED: Record<string, Finding[]> = {
  "sam/flagged/template.yaml": [
    ["snapstart-unpublished", 18, 7, "add AutoPublishAlias"],
    ["snapstart-unqualified-caller", 47, 19, "API Gateway REST integration (OrdersMethod)"],
    ["snapstart-unqualified-caller", 53, 26, "Lambda permission (OrdersInvokePermission)"],
    ["snapstart-unqualified-caller", 60, 29, "event source mapping (OrdersQueueMapping)"],
    ["snapstart-unqualified-caller", 71, 24, "EventBridge rule target (NightlyRule)"],
    ["snapstart-unqualified-caller", 84, 9, "The ShipmentsApi event"],
    ["snapstart-unsupported", 96, 7, "nodejs22.x runtime as a zip function"],
    ["snapstart-unsupported", 111, 7, "provisioned concurrency"],
    ["snapstart-unsupported", 113, 7, "asks for 2048 MB"],
    ["snapstart-unsupported", 115, 7, "Amazon EFS"],
    ["snapstart-unsupported", 125, 7, "image/Dockerfile"],
  ],
  "sam/flagged/image/Dockerfile": [],
  "sam/correct/template.yaml": [],
  "sam/correct/image/Dockerfile": [],
  "cloudformation/flagged/template.yaml": [
    ["snapstart-unpublished", 15, 7, "add an AWS::Lambda::Version for it (FunctionName: !Ref QuoteFunction)"],
    ["snapstart-unqualified-caller", 52, 31, "API Gateway integration (PriceIntegration)"],
    ["snapstart-unqualified-caller", 59, 34, "function URL (PriceUrl)"],
    ["snapstart-unqualified-caller", 66, 29, "SNS subscription (PriceTopic)"],
    ["snapstart-unqualified-caller", 74, 31, "S3 notification (PriceUploads)"],
    ["snapstart-unqualified-caller", 80, 30, "Step Functions state machine (PriceWorkflow)"],
    ["snapstart-unsupported", 95, 7, "provisioned concurrency on PriceFunction"],
    ["snapstart-unsupported", 102, 7, "ruby3.3"],
  ],
  "cloudformation/flagged/orders.template.json": [
    ["snapstart-unqualified-caller", 22, 25, "Lambda permission (OrdersPermission)"],
    ["snapstart-unqualified-caller", 31, 28, "EventBridge Scheduler target (OrdersSchedule)"],
    ["snapstart-unsupported", 37, 9, "nodejs20.x"],
    ["snapstart-unpublished", 41, 9, "NodeFunction"],
    ["snapstart-unsupported", 42, 9, "asks for 1024 MB"],
  ],
  "cloudformation/correct/template.yaml": [],
  "cloudformation/correct/orders.template.json": [],
  "serverless/flagged/serverless.yml": [
    ["snapstart-unpublished", 16, 5, "remove `versionFunctions: false` from provider (line 7)"],
    ["snapstart-unpublished", 22, 5, "refund"],
    ["snapstart-unsupported", 23, 5, "provisioned concurrency"],
    ["snapstart-unsupported", 24, 5, "asks for 1024 MB"],
    ["snapstart-unpublished", 29, 5, "notify"],
    ["snapstart-unsupported", 28, 5, "nodejs22.x"],
    ["snapstart-unpublished", 34, 5, "receipts"],
    ["snapstart-unsupported", 34, 5, "image/Dockerfile"],
    ["snapstart-unqualified-caller", 42, 31, "event source mapping (ChargeQueueMapping) invokes charge"],
  ],
  "serverless/flagged/image/Dockerfile": [],
  "serverless/correct/serverless.yml": [],
  "serverless/correct/image/Dockerfile": [],
  "cdk/flagged/lib/orders-stack.ts": [
    ["snapstart-unpublished", 21, 7, "invoke orders.currentVersion or an alias of it"],
    ["snapstart-unqualified-caller", 24, 65, "new apigateway.LambdaIntegration(orders) invokes Orders"],
    ["snapstart-unqualified-caller", 26, 5, "orders.addEventSource(…)"],
    ["snapstart-unqualified-caller", 27, 5, "orders.addFunctionUrl(…)"],
    ["snapstart-unqualified-caller", 30, 44, "new targets.LambdaFunction(orders)"],
    ["snapstart-unpublished", 36, 7, "Webhook"],
    ["snapstart-unsupported", 36, 7, "nodejs runtime as a zip function"],
    ["snapstart-unsupported", 45, 7, "asks for 2048 MB"],
    ["snapstart-unsupported", 47, 48, "provisioned concurrency on Exporter"],
    ["snapstart-unsupported", 52, 7, "../image/Dockerfile"],
  ],
  "cdk/flagged/image/Dockerfile": [],
  "cdk/correct/lib/orders-stack.ts": [],
  "cdk/correct/image/Dockerfile": [],
  "node-snapshot/flagged/Dockerfile": [["snapshot-blob-unused", 7, 1, "starts `node dist/server.js` without --snapshot-blob"]],
  "node-snapshot/correct/Dockerfile": [],
  "node-snapshot/via-script/Dockerfile": [],
};

testFixtureTable("deployment", EXPECTED);
