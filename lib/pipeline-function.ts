import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionBundling, type FunctionBundlingProps } from './function-bundling.ts';

const FUNCTIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'functions');

export interface PipelineFunctionProps extends FunctionBundlingProps {
  /** Handler file name in functions/, without extension, e.g. `detect-format`. */
  readonly handler: string;
  /** Why this memory size: stated by the caller. */
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Powertools service name and metric namespace. */
  readonly serviceName: string;
  readonly metricsNamespace: string;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** @default 1 month */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A litstream Lambda function: Node.js 22 on arm64, bundled locally by
 * esbuild (lib/function-bundling.ts: the AWS SDK inside the bundle unless
 * `bundleAwsSdk` is false, no source map unless `sourceMaps`), Powertools
 * configured by environment, logs kept for a bounded time.
 */
export class PipelineFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    if (props.timeout.toSeconds() < 1) throw new Error(`${id}: timeout must be at least 1 second`);
    const { bundling, environment: bundlingEnvironment } = functionBundling(props);
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    super(scope, id, {
      entry: path.join(FUNCTIONS_DIR, `${props.handler}.ts`),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      logGroup,
      bundling,
      environment: {
        ...bundlingEnvironment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
  }
}
