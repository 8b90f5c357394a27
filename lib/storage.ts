import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { GSI1 } from '../src/store/layout.ts';

export interface StorageProps {
  /**
   * What happens to the table and buckets when the stack is deleted.
   * @default RemovalPolicy.RETAIN, evidence outlives the stack
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Where the buckets write their server access logs. */
  readonly accessLogsBucket: s3.IBucket;
}

/**
 * The records table (single-table layout of src/store/layout.ts) and the
 * artifacts bucket: parsed documents between the parse and extract stages,
 * and record bodies too large for a DynamoDB item.
 */
export class Storage extends Construct {
  readonly table: dynamodb.TableV2;
  readonly artifactsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = new dynamodb.TableV2(this, 'Records', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      globalSecondaryIndexes: [
        {
          indexName: GSI1,
          partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
        },
      ],
      removalPolicy,
    });
    this.artifactsBucket = new s3.Bucket(this, 'Artifacts', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: [
        // Parsed documents are only needed until the extract stage has run.
        { prefix: 'parsed/', expiration: Duration.days(7), noncurrentVersionExpiration: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy,
      autoDeleteObjects: false,
    });
  }
}
