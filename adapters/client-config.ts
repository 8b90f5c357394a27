/**
 * AWS SDK client settings shared by the CLI and the functions. Against an
 * emulator (an explicit endpoint) S3 needs path-style addressing and dummy
 * credentials are acceptable; against AWS the default chain applies.
 */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function awsClientConfig(endpoint: string | undefined = process.env.AWS_ENDPOINT_URL): AwsClientConfig {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!endpoint) return { region, forcePathStyle: false };
  const hasKeys = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY);
  return {
    region,
    endpoint,
    forcePathStyle: true,
    ...(hasKeys ? {} : { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  };
}
