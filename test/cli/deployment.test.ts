import { describe, expect, it } from 'vitest';
import { connect, connectionProblem, describeTarget, stackArnParts, type Target } from '../../cli/deployment.ts';
import { UsageError } from '../../cli/errors.ts';

const EMULATOR: Target = { endpoint: 'http://127.0.0.1:4566', source: 'emulator' };
const ENV: Target = { endpoint: 'http://127.0.0.1:4599', source: 'env' };
const AWS: Target = { source: 'aws' };
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Litstream/4a1b2c3d-0000-0000-0000-000000000000';

/** What the SDK throws when nothing listens at the endpoint. */
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4599'), { code: 'ECONNREFUSED', $metadata: { attempts: 3 } });
const noStack = Object.assign(new Error('Stack with id Litstream does not exist'), { name: 'ValidationError' });
const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });

describe('the target line', () => {
  it('names the local emulator and its endpoint', () => {
    expect(describeTarget(EMULATOR, 'us-east-1', '', 'Litstream')).toBe('target: local emulator at http://127.0.0.1:4566, stack Litstream');
  });

  it('names an endpoint set by AWS_ENDPOINT_URL', () => {
    expect(describeTarget(ENV, 'us-east-1', '', 'Litstream')).toBe('target: endpoint http://127.0.0.1:4599 (AWS_ENDPOINT_URL), stack Litstream');
  });

  it("names the AWS account and region from the stack's ARN", () => {
    expect(stackArnParts(STACK_ID)).toEqual({ account: '123456789012', region: 'eu-west-1' });
    expect(describeTarget(AWS, 'eu-west-1', STACK_ID, 'Litstream')).toBe('target: AWS account 123456789012, region eu-west-1, stack Litstream');
  });
});

describe('connect', () => {
  it('reports the target once it has found the stack', async () => {
    const lines: string[] = [];
    const deployment = await connect({
      target: async () => AWS,
      describe: async () => ({ stackId: STACK_ID, outputs: { TableName: 'records', IntakeBucketName: 'intake' } }),
      report: (line) => void lines.push(line),
    });
    expect(deployment.outputs.TableName).toBe('records');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^target: AWS account 123456789012, region eu-west-1, stack /);
  });

  it('says connection refused, not "not deployed", when nothing listens at the endpoint', async () => {
    const attempt = connect({ target: async () => ENV, describe: async () => Promise.reject(refused), report: () => {} });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/^connection refused at http:\/\/127\.0\.0\.1:4599 \(AWS_ENDPOINT_URL\): nothing listens there/);
  });
});

describe('connection problems', () => {
  it('tells a stopped emulator from a stack that is not deployed', () => {
    expect(connectionProblem(refused, EMULATOR, 'us-east-1', 'Litstream')).toMatch(/^connection refused at http:\/\/127\.0\.0\.1:4566: .*npx litstream up/);
    expect(connectionProblem(noStack, EMULATOR, 'us-east-1', 'Litstream')).toBe(
      'stack Litstream is not deployed at http://127.0.0.1:4566: run `npx litstream up` first',
    );
  });

  it('on AWS, points at cdk deploy, and at credentials when there are none', () => {
    expect(connectionProblem(noStack, AWS, 'eu-west-1', 'Litstream')).toMatch(/^stack Litstream is not deployed at AWS \(region eu-west-1\): run `npx cdk deploy` first/);
    expect(connectionProblem(noCredentials, AWS, 'eu-west-1', 'Litstream')).toMatch(/^no AWS credentials found for AWS \(region eu-west-1\): set AWS_PROFILE/);
  });

  it('says when the network does not reach the endpoint', () => {
    const offline = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) });
    expect(connectionProblem(offline, AWS, 'eu-west-1', 'Litstream')).toBe('cannot reach AWS (region eu-west-1) (ENOTFOUND): check the network');
  });
});
