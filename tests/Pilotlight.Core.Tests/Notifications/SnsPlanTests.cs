using Pilotlight.Core.Plans;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Notifications;

/// <summary>The plan's <c>notifications.sns</c>: a topic ARN that is one, event names, names unique among all targets.</summary>
public sealed class SnsPlanTests
{
    private const string After = "    mode: live\n";

    private const string Arn = "arn:aws:sns:us-west-2:123456789012:dr-events";

    private static string WithNotifications(string block) => SamplePlans.With(After, $"{After}notifications:\n{block}");

    [Fact]
    public void Sns_Topic_ReadIntoThePlan()
    {
        var result = SamplePlans.Parse(WithNotifications($"""
              sns:
                - {"{"} name: dr, topic_arn: {Arn}, events: [drill.started, drill.finished] {"}"}
                - {"{"} name: all, topic_arn: "arn:aws:sns:eu-west-1:123456789012:all.fifo" {"}"}

            """));

        result.Problems.ShouldBeEmpty();
        var topics = result.Plan.ShouldNotBeNull().SnsTargets;
        topics.Length.ShouldBe(2);
        topics[0].TopicArn.ShouldBe(Arn);
        topics[0].Region.ShouldBe("us-west-2");
        topics[0].Wants("drill.started").ShouldBeTrue();
        topics[0].Wants("failover.succeeded").ShouldBeFalse();
        topics[1].Wants("failover.succeeded").ShouldBeTrue("no events: every event");
    }

    public static TheoryData<string, string, string[]> Bad => new()
    {
        {
            "not an SNS ARN",
            "  sns:\n    - { name: dr, topic_arn: \"arn:aws:sqs:us-west-2:123456789012:q\" }\n",
            ["plan.yaml:50:30: notifications.sns[0].topic_arn: 'arn:aws:sqs:us-west-2:123456789012:q' is not an SNS topic ARN; expected an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:NAME, e.g. arn:aws:sns:us-west-2:123456789012:pilotlight"]
        },
        {
            "a bad region in the ARN",
            "  sns:\n    - { name: dr, topic_arn: \"arn:aws:sns:lab-b:123456789012:q\" }\n",
            ["plan.yaml:50:30: notifications.sns[0].topic_arn: 'arn:aws:sns:lab-b:123456789012:q' is not an SNS topic ARN; expected an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:NAME, e.g. arn:aws:sns:us-west-2:123456789012:pilotlight"]
        },
        {
            "a short account",
            "  sns:\n    - { name: dr, topic_arn: \"arn:aws:sns:us-west-2:1234:q\" }\n",
            ["plan.yaml:50:30: notifications.sns[0].topic_arn: 'arn:aws:sns:us-west-2:1234:q' is not an SNS topic ARN; expected an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:NAME, e.g. arn:aws:sns:us-west-2:123456789012:pilotlight"]
        },
        {
            "no topic",
            "  sns:\n    - { name: dr }\n",
            ["plan.yaml:50:7: notifications.sns[0].topic_arn: is missing; expected an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:NAME, e.g. arn:aws:sns:us-west-2:123456789012:pilotlight"]
        },
        {
            "a misspelt event",
            $"  sns:\n    - {{ name: dr, topic_arn: {Arn}, events: [drill.start] }}\n",
            ["plan.yaml:50:85: notifications.sns[0].events[0]: 'drill.start' matches no event (did you mean 'drill.started'?); expected drill.* or one of drill.started, drill.finished, drill.skipped"]
        },
        {
            "the name of a webhook",
            $"  webhooks:\n    - {{ name: dr, url: \"https://example.com/h\" }}\n  sns:\n    - {{ name: dr, topic_arn: {Arn} }}\n",
            ["plan.yaml:52:15: notifications.sns[0].name: 'dr' names another notification target too; expected unique names across webhooks and sns"]
        },
        {
            "a misspelt key",
            $"  sns:\n    - {{ name: dr, topic: {Arn} }}\n",
            [
                "plan.yaml:50:7: notifications.sns[0].topic_arn: is missing; expected an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:NAME, e.g. arn:aws:sns:us-west-2:123456789012:pilotlight",
                "plan.yaml:50:19: notifications.sns[0].topic: unknown key; expected one of name, topic_arn, events",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Sns_BadTopic_ReportedWithPositionAndNoPlan(string name, string block, string[] expected)
    {
        var result = SamplePlans.Parse(WithNotifications(block));

        result.Plan.ShouldBeNull(name);
        result.Problems.Select(p => p.ToString()).ToArray().ShouldBe(expected, name);
    }
}
