#!/usr/bin/env node
/**
 * The CDK app. `npx cdk deploy` deploys to the account and region of the
 * current AWS credentials; `npx litstream up` deploys to the embedded
 * emulator. Context: `stageVisibilitySeconds` (shorter retries), `alarms=false`
 * (emulators without metric-math alarms), `destroyOnDelete=true`,
 * `faultInjection=true` (the fault-injection tests' deployment only), and for the
 * pulls `ncbiEmail`, `ncbiApiKeyParameter`, `eutilsBaseUrl`, `pubtatorBaseUrl`.
 *
 * Bundling: `bundleAwsSdk=true|false` puts the AWS SDK into each function or
 * leaves it to the Lambda runtime. By default it is bundled when
 * AWS_ENDPOINT_URL is set (a deploy to an emulator, as `litstream up` does:
 * emulators do not provide the SDK) and left out otherwise (AWS provides it).
 * `sourceMaps=true` (or LITSTREAM_SOURCEMAPS=1) ships source maps.
 */
import { App, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LitstreamStack } from '../lib/litstream-stack.ts';

const app = new App();
const context = (name: string): string | undefined => app.node.tryGetContext(name);
const visibility = context('stageVisibilitySeconds');
const bundleAwsSdk = context('bundleAwsSdk');
new LitstreamStack(app, process.env.LITSTREAM_STACK ?? 'Litstream', {
  description: 'litstream: clinical literature to structured evidence records',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...(visibility ? { stageVisibilityTimeout: Duration.seconds(Number(visibility)) } : {}),
  ...(context('destroyOnDelete') === 'true' ? { removalPolicy: RemovalPolicy.DESTROY } : {}),
  ...(context('alarms') === 'false' ? { alarms: false } : {}),
  ...(context('faultInjection') === 'true' ? { faultInjection: true } : {}),
  functionBundling: {
    bundleAwsSdk: bundleAwsSdk === undefined ? Boolean(process.env.AWS_ENDPOINT_URL) : String(bundleAwsSdk) === 'true',
    sourceMaps: String(context('sourceMaps')) === 'true' || process.env.LITSTREAM_SOURCEMAPS === '1',
  },
  pullSettings: {
    email: context('ncbiEmail'),
    apiKeyParameterName: context('ncbiApiKeyParameter'),
    eutilsBaseUrl: context('eutilsBaseUrl'),
    pubtatorBaseUrl: context('pubtatorBaseUrl'),
  },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
