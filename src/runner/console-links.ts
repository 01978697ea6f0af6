// AWS console links of a run, printed with its result so a reader can open what happened. The
// console's host differs per partition (aws, aws-cn, aws-us-gov).
import { partitionOf, type Environment } from '../model/environment.js';

function consoleHost(region: string): string {
  const partition = partitionOf(region);
  if (partition === 'aws-cn') return `https://${region}.console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

/** The Step Functions console page of one execution (its graph and event list). */
export function sfnExecutionUrl(env: Environment, executionArn: string): string {
  return `${consoleHost(env.region)}/states/home?region=${env.region}#/v2/executions/details/${encodeURIComponent(executionArn)}`;
}

/** The Glue console page of a workflow; its run history lists the run by id. */
export function glueWorkflowUrl(env: Environment, workflow: string): string {
  return `${consoleHost(env.region)}/glue/home?region=${env.region}#/v2/etl-configuration/workflows/view/${encodeURIComponent(workflow)}`;
}
