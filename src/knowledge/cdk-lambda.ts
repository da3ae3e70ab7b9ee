import type { Triggers } from "../engine/relevance.js";

/**
 * AWS CDK constructs the deployment rules read, by the module and export they come from. Source: AWS CDK API
 * reference (docs.aws.amazon.com/cdk/api/v2), the page of each construct.
 */

/** Modules of the CDK's Lambda constructs; `aws-cdk-lib` also exports them as `aws_lambda`, `aws_lambda_nodejs`. */
const LAMBDA_MODULES = ["aws-cdk-lib/aws-lambda", "aws-cdk-lib/aws-lambda-nodejs", "@aws-cdk/aws-lambda", "@aws-cdk/aws-lambda-nodejs"];

/** `aws-cdk-lib` namespace exports: `import { aws_lambda as lambda } from "aws-cdk-lib"`. */
export const CDK_NAMESPACES: Record<string, string> = {
  aws_lambda: "aws-cdk-lib/aws-lambda",
  aws_lambda_nodejs: "aws-cdk-lib/aws-lambda-nodejs",
  aws_apigateway: "aws-cdk-lib/aws-apigateway",
  aws_lambda_event_sources: "aws-cdk-lib/aws-lambda-event-sources",
  aws_events_targets: "aws-cdk-lib/aws-events-targets",
  aws_sns_subscriptions: "aws-cdk-lib/aws-sns-subscriptions",
  aws_s3_notifications: "aws-cdk-lib/aws-s3-notifications",
  aws_stepfunctions_tasks: "aws-cdk-lib/aws-stepfunctions-tasks",
  aws_apigatewayv2_integrations: "aws-cdk-lib/aws-apigatewayv2-integrations",
};

/** Constructs that declare a Lambda function (`new lambda.Function(scope, id, props)`). */
export const CDK_FUNCTION_CONSTRUCTS: readonly { modules: readonly string[]; exports: readonly string[]; image?: true }[] = [
  { modules: LAMBDA_MODULES, exports: ["Function", "SingletonFunction"] },
  { modules: LAMBDA_MODULES, exports: ["NodejsFunction"] },
  { modules: LAMBDA_MODULES, exports: ["DockerImageFunction"], image: true },
];

/**
 * Calls and constructs that wire a caller to the function passed to them. `argument` is the index of the function
 * among the arguments, or the name of the property of the props object (at `propsArgument`) that holds it. A method
 * of the function itself (`fn.addEventSource`) has `method`.
 */
export interface CdkCallerRow {
  label: string;
  construct?: { modules: readonly string[]; exports: readonly string[] };
  method?: string;
  argument?: number;
  property?: { propsArgument: number; name: string };
}

export const CDK_CALLERS: readonly CdkCallerRow[] = [
  { label: "new LambdaIntegration(fn)", construct: { modules: ["aws-cdk-lib/aws-apigateway", "@aws-cdk/aws-apigateway"], exports: ["LambdaIntegration"] }, argument: 0 },
  { label: "new LambdaRestApi({ handler: fn })", construct: { modules: ["aws-cdk-lib/aws-apigateway", "@aws-cdk/aws-apigateway"], exports: ["LambdaRestApi"] }, property: { propsArgument: 2, name: "handler" } },
  { label: "new HttpLambdaIntegration(id, fn)", construct: { modules: ["aws-cdk-lib/aws-apigatewayv2-integrations", "@aws-cdk/aws-apigatewayv2-integrations-alpha"], exports: ["HttpLambdaIntegration", "WebSocketLambdaIntegration"] }, argument: 1 },
  { label: "new targets.LambdaFunction(fn)", construct: { modules: ["aws-cdk-lib/aws-events-targets", "@aws-cdk/aws-events-targets"], exports: ["LambdaFunction"] }, argument: 0 },
  { label: "new LambdaSubscription(fn)", construct: { modules: ["aws-cdk-lib/aws-sns-subscriptions", "@aws-cdk/aws-sns-subscriptions"], exports: ["LambdaSubscription"] }, argument: 0 },
  { label: "new LambdaDestination(fn)", construct: { modules: ["aws-cdk-lib/aws-s3-notifications", "@aws-cdk/aws-s3-notifications"], exports: ["LambdaDestination"] }, argument: 0 },
  { label: "new tasks.LambdaInvoke({ lambdaFunction: fn })", construct: { modules: ["aws-cdk-lib/aws-stepfunctions-tasks", "@aws-cdk/aws-stepfunctions-tasks"], exports: ["LambdaInvoke"] }, property: { propsArgument: 2, name: "lambdaFunction" } },
  { label: "new lambda.EventSourceMapping({ target: fn })", construct: { modules: LAMBDA_MODULES, exports: ["EventSourceMapping"] }, property: { propsArgument: 2, name: "target" } },
  { label: "new lambda.FunctionUrl({ function: fn })", construct: { modules: LAMBDA_MODULES, exports: ["FunctionUrl"] }, property: { propsArgument: 2, name: "function" } },
  { label: "fn.addEventSource(…)", method: "addEventSource" },
  { label: "fn.addEventSourceMapping(…)", method: "addEventSourceMapping" },
  { label: "fn.addFunctionUrl()", method: "addFunctionUrl" },
  { label: "fn.addPermission(…)", method: "addPermission" },
];

/** What a file must mention for the deployment rules to find anything in its code. */
export const CDK_TRIGGERS: Triggers = { modules: ["aws-cdk-lib", "@aws-cdk/*"] };
