using Pilotlight.Providers.Aws.Client.AutoScaling;
using Pilotlight.Providers.Aws.Client.CloudWatch;
using Pilotlight.Providers.Aws.Client.Ecs;
using Pilotlight.Providers.Aws.Client.Rds;
using Pilotlight.Providers.Aws.Client.Route53;
using Pilotlight.Providers.Aws.Client.SecretsManager;
using Pilotlight.Providers.Aws.Client.Sns;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>Every operation of the client with the parameters a DR orchestrator sends, as C# builds them and as botocore is given them.</summary>
internal static class BotocoreCases
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 11, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<BotocoreCase> All =
    [
        new("rds-describe-one", "rds", RdsApi.DescribeDbInstancesRequest("shop-db-eu"), """{"DBInstanceIdentifier": "shop-db-eu"}"""),
        new("rds-describe-all", "rds", RdsApi.DescribeDbInstancesRequest(null), "{}"),
        new("rds-promote", "rds", RdsApi.PromoteReadReplicaRequest("shop-db-us", 7), """{"DBInstanceIdentifier": "shop-db-us", "BackupRetentionPeriod": 7}"""),
        new("rds-create-replica", "rds", RdsApi.CreateReadReplicaRequest(new CreateReadReplica
        {
            Identifier = "shop-db-eu",
            Source = "arn:aws:rds:us-west-2:123456789012:db:shop-db-us",
            InstanceClass = "db.r6g.large",
            AvailabilityZone = "eu-west-1a",
            Port = 5432,
            MultiAz = false,
            SubnetGroup = "shop-db-subnets",
            VpcSecurityGroupIds = ["sg-0123", "sg-4567"],
            KmsKeyId = "alias/shop",
            DeletionProtection = true,
        }), """
        {"DBInstanceIdentifier": "shop-db-eu", "SourceDBInstanceIdentifier": "arn:aws:rds:us-west-2:123456789012:db:shop-db-us",
         "DBInstanceClass": "db.r6g.large", "AvailabilityZone": "eu-west-1a", "Port": 5432, "MultiAZ": false,
         "DBSubnetGroupName": "shop-db-subnets", "VpcSecurityGroupIds": ["sg-0123", "sg-4567"], "KmsKeyId": "alias/shop", "DeletionProtection": true}
        """),
        new("rds-describe-global-cluster", "rds", RdsApi.DescribeGlobalClustersRequest("shop-global"), """{"GlobalClusterIdentifier": "shop-global"}"""),
        new("rds-describe-cluster", "rds", RdsApi.DescribeDbClustersRequest("shop-us"), """{"DBClusterIdentifier": "shop-us"}"""),
        new("rds-failover-global-cluster", "rds", RdsApi.FailoverGlobalClusterRequest("shop-global", "arn:aws:rds:us-west-2:123456789012:cluster:shop-us", allowDataLoss: true),
            """{"GlobalClusterIdentifier": "shop-global", "TargetDbClusterIdentifier": "arn:aws:rds:us-west-2:123456789012:cluster:shop-us", "AllowDataLoss": true}"""),
        new("rds-switchover-global-cluster", "rds", RdsApi.SwitchoverGlobalClusterRequest("shop-global", "arn:aws:rds:eu-west-1:123456789012:cluster:shop-eu"),
            """{"GlobalClusterIdentifier": "shop-global", "TargetDbClusterIdentifier": "arn:aws:rds:eu-west-1:123456789012:cluster:shop-eu"}"""),
        new("rds-remove-from-global-cluster", "rds", RdsApi.RemoveFromGlobalClusterRequest("shop-global", "arn:aws:rds:us-west-2:123456789012:cluster:shop-us"),
            """{"GlobalClusterIdentifier": "shop-global", "DbClusterIdentifier": "arn:aws:rds:us-west-2:123456789012:cluster:shop-us"}"""),
        new("rds-modify-fence", "rds", RdsApi.ModifyDbInstanceRequest(new ModifyDbInstance { Identifier = "shop-db-eu", VpcSecurityGroupIds = ["sg-0fe0ce0000000000e", "sg-4567"] }),
            """{"DBInstanceIdentifier": "shop-db-eu", "VpcSecurityGroupIds": ["sg-0fe0ce0000000000e", "sg-4567"], "ApplyImmediately": true}"""),
        new("rds-modify-rename", "rds", RdsApi.ModifyDbInstanceRequest(new ModifyDbInstance { Identifier = "shop-db-eu", NewIdentifier = "shop-db-eu-retired-20261201110000" }),
            """{"DBInstanceIdentifier": "shop-db-eu", "ApplyImmediately": true, "NewDBInstanceIdentifier": "shop-db-eu-retired-20261201110000"}"""),
        new("rds-reboot", "rds", RdsApi.RebootDbInstanceRequest("shop-db-eu"), """{"DBInstanceIdentifier": "shop-db-eu"}"""),
        new("asg-describe", "autoscaling", AutoScalingApi.DescribeGroupsRequest(["shop-web-us", "shop-worker-us"]), """{"AutoScalingGroupNames": ["shop-web-us", "shop-worker-us"]}"""),
        new("asg-update-capacity", "autoscaling", AutoScalingApi.UpdateGroupRequest(new GroupUpdate { Name = "shop-web-us", MinSize = 2, MaxSize = 6, DesiredCapacity = 3 }),
            """{"AutoScalingGroupName": "shop-web-us", "MinSize": 2, "MaxSize": 6, "DesiredCapacity": 3}"""),
        new("asg-update-mixed", "autoscaling", AutoScalingApi.UpdateGroupRequest(new GroupUpdate
        {
            Name = "shop-web-us",
            MixedInstancesPolicy = new MixedInstancesPolicy
            {
                LaunchTemplate = new LaunchTemplateSpec(null, "shop-web", "$Latest"),
                Overrides = [new("m6i.large", "1"), new("m5.large", "1", new LaunchTemplateSpec("lt-0abc", null, "3"))],
                Distribution = new InstancesDistribution
                {
                    OnDemandAllocationStrategy = "prioritized",
                    OnDemandBaseCapacity = 0,
                    OnDemandPercentageAboveBaseCapacity = 100,
                    SpotAllocationStrategy = "price-capacity-optimized",
                    SpotInstancePools = 2,
                    SpotMaxPrice = "",
                },
            },
            MinSize = 3,
            MaxSize = 6,
            DesiredCapacity = 3,
        }), """
        {"AutoScalingGroupName": "shop-web-us",
         "MixedInstancesPolicy": {
           "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": "shop-web", "Version": "$Latest"},
                              "Overrides": [{"InstanceType": "m6i.large", "WeightedCapacity": "1"},
                                            {"InstanceType": "m5.large", "WeightedCapacity": "1", "LaunchTemplateSpecification": {"LaunchTemplateId": "lt-0abc", "Version": "3"}}]},
           "InstancesDistribution": {"OnDemandAllocationStrategy": "prioritized", "OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": 100,
                                     "SpotAllocationStrategy": "price-capacity-optimized", "SpotInstancePools": 2, "SpotMaxPrice": ""}},
         "MinSize": 3, "MaxSize": 6, "DesiredCapacity": 3}
        """),
        new("sns-publish", "sns", SnsApi.PublishRequest("arn:aws:sns:us-west-2:123456789012:shop-dr", "Failover a → b done: 100% of 3 steps, RTO 4m12s (*ok*)", "pilotlight: shop failed over"),
            """{"TopicArn": "arn:aws:sns:us-west-2:123456789012:shop-dr", "Message": "Failover a → b done: 100% of 3 steps, RTO 4m12s (*ok*)", "Subject": "pilotlight: shop failed over"}"""),
        new("sns-publish-fifo", "sns", SnsApi.PublishRequest("arn:aws:sns:us-west-2:123456789012:shop-dr.fifo", "{\"event\": \"drill.started\"}", "[shop] drill.started: monthly", "shop", "0123456789abcdef"),
            """{"TopicArn": "arn:aws:sns:us-west-2:123456789012:shop-dr.fifo", "Message": "{\"event\": \"drill.started\"}", "Subject": "[shop] drill.started: monthly", "MessageDeduplicationId": "0123456789abcdef", "MessageGroupId": "shop"}"""),
        new("cloudwatch-replica-lag", "cloudwatch", CloudWatchApi.ReplicaLagRequest("shop-db-us", Start, Start.AddHours(1), 60), """
        {"Namespace": "AWS/RDS", "MetricName": "ReplicaLag", "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "shop-db-us"}],
         "StartTime": "2026-12-01T11:00:00Z", "EndTime": "2026-12-01T12:00:00Z", "Period": 60, "Statistics": ["Average", "Maximum"]}
        """),
        new("cloudwatch-aurora-global-lag", "cloudwatch", CloudWatchApi.AuroraGlobalLagRequest("shop-us", Start, Start.AddMinutes(15), 60), """
        {"Namespace": "AWS/RDS", "MetricName": "AuroraGlobalDBReplicationLag", "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "shop-us"}],
         "StartTime": "2026-12-01T11:00:00Z", "EndTime": "2026-12-01T11:15:00Z", "Period": 60, "Statistics": ["Average", "Maximum"]}
        """),
        new("ecs-describe", "ecs", EcsApi.DescribeServicesRequest("shop-us", ["web", "worker"]), """{"cluster": "shop-us", "services": ["web", "worker"]}"""),
        new("ecs-update", "ecs", EcsApi.UpdateServiceRequest("shop-us", "web", 4, "shop-web:7", forceNewDeployment: false),
            """{"cluster": "shop-us", "service": "web", "desiredCount": 4, "taskDefinition": "shop-web:7", "forceNewDeployment": false}"""),
        new("ecs-describe-task-definition", "ecs", EcsApi.DescribeTaskDefinitionRequest("arn:aws:ecs:us-west-2:123456789012:task-definition/shop-web:7"),
            """{"taskDefinition": "arn:aws:ecs:us-west-2:123456789012:task-definition/shop-web:7"}"""),
        new("secrets-describe", "secretsmanager", SecretsManagerApi.DescribeSecretRequest("arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf"),
            """{"SecretId": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf"}"""),
        new("route53-list", "route53", Route53Api.ListRecordSetsRequest("/hostedzone/Z0123456789ABCDEFGHIJ", "shop.example.com.", "A", null, 10),
            """{"HostedZoneId": "Z0123456789ABCDEFGHIJ", "StartRecordName": "shop.example.com.", "StartRecordType": "A", "MaxItems": "10"}"""),
        new("route53-change", "route53", Route53Api.ChangeRecordSetsRequest("Z0123456789ABCDEFGHIJ", "pilotlight failover shop: a -> b & back",
        [
            new("UPSERT", new RecordSet { Name = "shop.example.com.", Type = "A", SetIdentifier = "a", Failover = "PRIMARY", Ttl = 60, Values = ["192.0.2.10"], HealthCheckId = "abcdef01-2345-6789-abcd-ef0123456789" }),
            new("UPSERT", new RecordSet { Name = "shop.example.com.", Type = "A", SetIdentifier = "b", Failover = "SECONDARY", Alias = new AliasTarget("Z35SXDOTRQ7X7K", "shop-b-123.us-west-2.elb.amazonaws.com.", true) }),
        ]), """
        {"HostedZoneId": "Z0123456789ABCDEFGHIJ", "ChangeBatch": {"Comment": "pilotlight failover shop: a -> b & back", "Changes": [
          {"Action": "UPSERT", "ResourceRecordSet": {"Name": "shop.example.com.", "Type": "A", "SetIdentifier": "a", "Failover": "PRIMARY", "TTL": 60,
            "ResourceRecords": [{"Value": "192.0.2.10"}], "HealthCheckId": "abcdef01-2345-6789-abcd-ef0123456789"}},
          {"Action": "UPSERT", "ResourceRecordSet": {"Name": "shop.example.com.", "Type": "A", "SetIdentifier": "b", "Failover": "SECONDARY",
            "AliasTarget": {"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "shop-b-123.us-west-2.elb.amazonaws.com.", "EvaluateTargetHealth": true}}}]}}
        """),
        new("route53-get-change", "route53", Route53Api.GetChangeRequest("/change/C2682N5HXP0BZ4"),
            """{"Id": "C2682N5HXP0BZ4"}"""),
        new("route53-fence-upsert", "route53", Route53Api.ChangeRecordSetsRequest("/hostedzone/Z0123456789ABCDEFGHIJ", "pilotlight: fence site eu",
        [
            new("UPSERT", new RecordSet { Name = "shop.example.com.", Type = "CNAME", SetIdentifier = "shop.example.com-eu", Failover = "PRIMARY", Ttl = 60, Values = ["maintenance.example.com"], HealthCheckId = "abcdef01-2345-6789-abcd-ef0123456789" }),
        ]), """
        {"HostedZoneId": "Z0123456789ABCDEFGHIJ", "ChangeBatch": {"Comment": "pilotlight: fence site eu", "Changes": [
          {"Action": "UPSERT", "ResourceRecordSet": {"Name": "shop.example.com.", "Type": "CNAME", "SetIdentifier": "shop.example.com-eu", "Failover": "PRIMARY", "TTL": 60,
            "ResourceRecords": [{"Value": "maintenance.example.com"}], "HealthCheckId": "abcdef01-2345-6789-abcd-ef0123456789"}}]}}
        """),
        new("route53-health-status", "route53", Route53Api.HealthCheckStatusRequest("abcdef01-2345-6789-abcd-ef0123456789"),
            """{"HealthCheckId": "abcdef01-2345-6789-abcd-ef0123456789"}"""),
        new("route53-get-health", "route53", Route53Api.GetHealthCheckRequest("abcdef01-2345-6789-abcd-ef0123456789"),
            """{"HealthCheckId": "abcdef01-2345-6789-abcd-ef0123456789"}"""),
        new("route53-force-unhealthy", "route53", Route53Api.UpdateHealthCheckRequest(global::Pilotlight.Providers.Aws.Runtime.CalculatedChecks.Force(new HealthCheck
        {
            Id = "abcdef01-2345-6789-abcd-ef0123456789", Type = "CALCULATED", HealthThreshold = 0, ChildHealthChecks = ["11111111-2222-3333-4444-555555555555"], Version = 7,
        }, healthy: false)), """
        {"HealthCheckId": "abcdef01-2345-6789-abcd-ef0123456789", "HealthCheckVersion": 7, "Inverted": false, "Disabled": false, "HealthThreshold": 2}
        """),
        new("route53-update-health", "route53", Route53Api.UpdateHealthCheckRequest(new HealthCheckUpdate
        {
            HealthCheckId = "abcdef01-2345-6789-abcd-ef0123456789", Version = 3, FailureThreshold = 2, Inverted = true, Disabled = false, HealthThreshold = 1,
            ChildHealthChecks = ["11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000"],
        }), """
        {"HealthCheckId": "abcdef01-2345-6789-abcd-ef0123456789", "HealthCheckVersion": 3, "FailureThreshold": 2, "Inverted": true, "Disabled": false,
         "HealthThreshold": 1, "ChildHealthChecks": ["11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000"]}
        """),
    ];
}
