/**
 * Apps for construct tests. Bundling is skipped, as aws-cdk's own construct
 * tests do: a stack not named in the `aws:cdk:bundling-stacks` context is
 * synthesized with its assets unbundled (NodejsFunction asks for nothing
 * from esbuild), so a synth takes milliseconds instead of seconds per
 * function. The deployed bundles are exercised by the integration tests.
 */
import { App, type AppProps } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';

export function testApp(props: AppProps = {}): App {
  return new App({ ...props, context: { [BUNDLING_STACKS]: [], ...props.context } });
}
