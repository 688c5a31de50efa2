namespace Pilotlight.Core.Plans;

/// <summary>The body a webhook receives: Pilotlight's JSON event, or Slack's incoming-webhook <c>{"text": …}</c>.</summary>
public enum WebhookFormat
{
    Json,
    Slack,
}
