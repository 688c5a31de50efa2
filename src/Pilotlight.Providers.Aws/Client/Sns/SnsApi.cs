namespace Pilotlight.Providers.Aws.Client.Sns;

/// <summary>SNS Publish (query protocol, API 2010-03-31): how Pilotlight notifies a topic.</summary>
internal sealed class SnsApi(AwsClient client)
{
    /// <summary>A FIFO topic (<c>.fifo</c>) requires <paramref name="messageGroupId"/> and, without content-based deduplication, <paramref name="deduplicationId"/>.</summary>
    public static AwsRequest PublishRequest(string topicArn, string message, string? subject, string? messageGroupId = null, string? deduplicationId = null) =>
        new QueryForm(AwsService.Sns, "Publish").Add("TopicArn", topicArn).Add("Message", message).Add("Subject", subject)
            .Add("MessageDeduplicationId", deduplicationId).Add("MessageGroupId", messageGroupId).ToRequest();

    /// <summary>Publishes and returns the message id.</summary>
    public async Task<string> PublishAsync(string region, string topicArn, string message, string? subject, CancellationToken cancellationToken, string? messageGroupId = null, string? deduplicationId = null)
    {
        var response = await client.SendAsync(PublishRequest(topicArn, message, subject, messageGroupId, deduplicationId), region, cancellationToken);
        return XmlReading.Root(response.Body).All("MessageId").FirstOrDefault()?.Value ?? "";
    }
}
