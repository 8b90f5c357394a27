import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NODE_VERSION } from '../../cli/emulator.ts';
import { LitstreamStack } from '../../lib/litstream-stack.ts';

describe("the emulator's Node.js for the functions", () => {
  it('is the major of the runtime every Node.js function of the stack is deployed with', () => {
    const stack = new LitstreamStack(new App({ context: { [BUNDLING_STACKS]: [] } }), 'Test');
    const runtimes = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .map((fn) => String(fn.Properties.Runtime))
      .filter((runtime) => runtime.startsWith('nodejs'));
    expect(runtimes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(runtimes)).toEqual(new Set([`nodejs${FUNCTION_NODE_VERSION.split('.')[0]}.x`]));
  });
});
