#!/usr/bin/env node
/**
 * The CDK app. `npx cdk deploy` deploys to the account and region of the
 * current AWS credentials; `npx litstream up` deploys to the embedded
 * emulator. Context `stageVisibilitySeconds` shortens retries for tests.
 */
import { App, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LitstreamStack } from '../lib/litstream-stack.ts';

const app = new App();
const visibility = app.node.tryGetContext('stageVisibilitySeconds');
new LitstreamStack(app, process.env.LITSTREAM_STACK ?? 'Litstream', {
  description: 'litstream: clinical literature to structured evidence records',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...(visibility ? { stageVisibilityTimeout: Duration.seconds(Number(visibility)) } : {}),
  ...(app.node.tryGetContext('destroyOnDelete') === 'true' ? { removalPolicy: RemovalPolicy.DESTROY } : {}),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
