/**
 * CloudFormation properties that name the Lambda function a resource invokes (or lets invoke). Written as
 * `!GetAtt Fn.Arn` or `!Ref Fn` they name the unqualified function, so the caller invokes `$LATEST`; an alias or
 * version ARN (`!Ref FnAliaslive`, `${Fn.Arn}:live`) is qualified. A path segment `*` is every item of a list or
 * value of a map; `**` is every value below. Source: each resource's page in the AWS CloudFormation User Guide,
 * "Template reference" (the property accepts a function name or ARN, "version, or alias").
 */
export interface LambdaCallerProperty {
  resourceType: string;
  path: readonly string[];
  /** How the finding names the caller. */
  caller: string;
  /** A sibling property that, when set, qualifies the call (a function URL's `Qualifier`). */
  qualifiedBy?: string;
}

export const LAMBDA_CALLER_PROPERTIES: readonly LambdaCallerProperty[] = [
  { resourceType: "AWS::Lambda::Permission", path: ["FunctionName"], caller: "This Lambda permission" },
  { resourceType: "AWS::Lambda::EventSourceMapping", path: ["FunctionName"], caller: "This event source mapping" },
  { resourceType: "AWS::Lambda::Url", path: ["TargetFunctionArn"], caller: "This function URL", qualifiedBy: "Qualifier" },
  { resourceType: "AWS::ApiGateway::Method", path: ["Integration", "Uri"], caller: "This API Gateway REST integration" },
  { resourceType: "AWS::ApiGateway::Authorizer", path: ["AuthorizerUri"], caller: "This API Gateway authorizer" },
  { resourceType: "AWS::ApiGatewayV2::Integration", path: ["IntegrationUri"], caller: "This API Gateway integration" },
  { resourceType: "AWS::ApiGatewayV2::Authorizer", path: ["AuthorizerUri"], caller: "This API Gateway authorizer" },
  { resourceType: "AWS::ApiGatewayV2::Api", path: ["Target"], caller: "This HTTP API's quick-create target" },
  { resourceType: "AWS::Events::Rule", path: ["Targets", "*", "Arn"], caller: "This EventBridge rule target" },
  { resourceType: "AWS::Scheduler::Schedule", path: ["Target", "Arn"], caller: "This EventBridge Scheduler target" },
  { resourceType: "AWS::Pipes::Pipe", path: ["Target"], caller: "This EventBridge pipe" },
  { resourceType: "AWS::SNS::Subscription", path: ["Endpoint"], caller: "This SNS subscription" },
  { resourceType: "AWS::SNS::Topic", path: ["Subscription", "*", "Endpoint"], caller: "This SNS subscription" },
  { resourceType: "AWS::S3::Bucket", path: ["NotificationConfiguration", "LambdaConfigurations", "*", "Function"], caller: "This S3 notification" },
  { resourceType: "AWS::StepFunctions::StateMachine", path: ["DefinitionString"], caller: "This Step Functions state machine" },
  { resourceType: "AWS::StepFunctions::StateMachine", path: ["Definition", "**"], caller: "This Step Functions state machine" },
  { resourceType: "AWS::StepFunctions::StateMachine", path: ["DefinitionSubstitutions", "*"], caller: "This Step Functions state machine" },
  { resourceType: "AWS::Serverless::StateMachine", path: ["Definition", "**"], caller: "This Step Functions state machine" },
  { resourceType: "AWS::Serverless::StateMachine", path: ["DefinitionSubstitutions", "*"], caller: "This Step Functions state machine" },
  { resourceType: "AWS::AppSync::DataSource", path: ["LambdaConfig", "LambdaFunctionArn"], caller: "This AppSync data source" },
  { resourceType: "AWS::Logs::SubscriptionFilter", path: ["DestinationArn"], caller: "This log subscription filter" },
  { resourceType: "AWS::Cognito::UserPool", path: ["LambdaConfig", "*"], caller: "This Cognito user pool trigger" },
  { resourceType: "AWS::IoT::TopicRule", path: ["TopicRulePayload", "Actions", "*", "Lambda", "FunctionArn"], caller: "This IoT rule action" },
];
