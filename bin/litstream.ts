#!/usr/bin/env node
/**
 * The CDK app. `npx cdk deploy` deploys to the account and region of the
 * current AWS credentials; `npx litstream up` deploys to the embedded
 * emulator. Context: `stageVisibilitySeconds` (shorter retries), `alarms=false`
 * (emulators without metric-math alarms), `destroyOnDelete=true`,
 * `faultInjection=true` (the fault-injection tests' deployment only),
 * `stageConcurrency` (batches each stage works on at a time), and for the
 * pulls `ncbiEmail`, `ncbiApiKeyParameter`, `eutilsBaseUrl`, `pubtatorBaseUrl`.
 *
 * Bundling (lib/function-bundling.ts): `bundleAwsSdk=false` leaves the AWS
 * SDK to the Lambda runtime (smaller bundles, slower cold starts; emulators
 * need it bundled, the default); `sourceMaps=true` (or LITSTREAM_SOURCEMAPS=1)
 * ships source maps.
 */
import { App, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LitstreamStack } from '../lib/litstream-stack.ts';

const app = new App();
const context = (name: string): string | undefined => app.node.tryGetContext(name);
const visibility = context('stageVisibilitySeconds');
new LitstreamStack(app, process.env.LITSTREAM_STACK ?? 'Litstream', {
  description: 'litstream: clinical literature to structured evidence records',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...(visibility ? { stageVisibilityTimeout: Duration.seconds(Number(visibility)) } : {}),
  ...(context('destroyOnDelete') === 'true' ? { removalPolicy: RemovalPolicy.DESTROY } : {}),
  ...(context('alarms') === 'false' ? { alarms: false } : {}),
  ...(context('faultInjection') === 'true' ? { faultInjection: true } : {}),
  ...(context('stageConcurrency') ? { stageConcurrency: Number(context('stageConcurrency')) } : {}),
  functionBundling: {
    bundleAwsSdk: String(context('bundleAwsSdk')) !== 'false',
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
