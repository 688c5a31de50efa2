namespace Pilotlight.Providers.Aws.Client.Sns;

/// <summary>SNS Publish (query protocol, API 2010-03-31): how Pilotlight notifies a topic.</summary>
internal sealed class SnsApi(AwsClient client)
{
    public static AwsRequest PublishRequest(string topicArn, string message, string? subject) =>
        new QueryForm(AwsService.Sns, "Publish").Add("TopicArn", topicArn).Add("Message", message).Add("Subject", subject).ToRequest();

    /// <summary>Publishes and returns the message id.</summary>
    public async Task<string> PublishAsync(string region, string topicArn, string message, string? subject, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(PublishRequest(topicArn, message, subject), region, cancellationToken);
        return XmlReading.Root(response.Body).All("MessageId").FirstOrDefault()?.Value ?? "";
    }
}
