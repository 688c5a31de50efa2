using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Core.Plans.Validation;

internal sealed partial class PlanReader
{
    private const string TopicArnExpected = "an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:NAME, e.g. arn:aws:sns:us-west-2:123456789012:pilotlight";

    /// <summary><c>notifications.sns:</c> topics that receive events, each named uniquely among all notification targets.</summary>
    private ImmutableArray<SnsTarget> ReadSnsTargets(MapReader notifications, IReadOnlyCollection<string> webhookNames)
    {
        var result = ImmutableArray.CreateBuilder<SnsTarget>();
        foreach (var item in notifications.MapList("sns", expected: "a list of SNS topics, each with name, topic_arn and events"))
        {
            var name = ReadName(item, "name");
            if (name is not null && (result.Any(t => t.Name == name) || webhookNames.Contains(name)))
            {
                item.Report("name", $"'{name}' names another notification target too", "unique names across webhooks and sns");
                name = null;
            }

            var arn = item.Text("topic_arn", required: true, TopicArnExpected);
            if (arn is not null && !TopicArnPattern().IsMatch(arn))
            {
                item.Report("topic_arn", $"'{arn}' is not an SNS topic ARN", TopicArnExpected);
                arn = null;
            }

            var (events, eventsFine) = ReadEventPatterns(item);
            item.RejectUnknownKeys();
            if (name is not null && arn is not null && eventsFine)
            {
                result.Add(new SnsTarget(name, arn, events.Count == 0 ? ["*"] : events.ToImmutable()));
            }
        }

        return result.ToImmutable();
    }

    // Partition, region (as AWS spells them), a 12-digit account, a topic name of 1-256 letters, digits, - and _ (.fifo allowed).
    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicArnPattern();
}
