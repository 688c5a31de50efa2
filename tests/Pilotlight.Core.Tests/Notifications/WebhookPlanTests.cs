using Pilotlight.Core.Plans;
using Pilotlight.Core.Tests.Plans;

namespace Pilotlight.Core.Tests.Notifications;

/// <summary>The plan's <c>notifications.webhooks</c>: format, where the secret comes from (never the plan), timeout, attempts, event names.</summary>
public sealed class WebhookPlanTests
{
    private const string After = "    mode: live\n";

    private static string WithWebhooks(string webhooks) => SamplePlans.With(After, $"{After}notifications:\n  webhooks:\n{webhooks}");

    [Fact]
    public void Webhooks_EveryKey_ReadIntoThePlan()
    {
        var result = SamplePlans.Parse(WithWebhooks("""
                - { name: ops, url: "https://hooks.example.com/x", events: ["failover.*", execution.finished, switchover.succeeded], format: slack, secret_env: OPS_SECRET, timeout: 2s, max_attempts: 3 }
                - { name: audit, url: "http://127.0.0.1:9/h", secret_file: secrets/audit.key }

            """));

        result.Problems.ShouldBeEmpty();
        var webhooks = result.Plan.ShouldNotBeNull().Webhooks;
        webhooks.Length.ShouldBe(2);
        webhooks[0].Format.ShouldBe(WebhookFormat.Slack);
        webhooks[0].SecretEnv.ShouldBe("OPS_SECRET");
        webhooks[0].SecretFile.ShouldBeNull();
        webhooks[0].Timeout.ShouldBe(TimeSpan.FromSeconds(2));
        webhooks[0].MaxAttempts.ShouldBe(3);
        webhooks[0].Wants("failover.approval-requested").ShouldBeTrue();
        webhooks[0].Wants("execution.finished").ShouldBeTrue();
        webhooks[0].Wants("execution.started").ShouldBeFalse();
        webhooks[1].Format.ShouldBe(WebhookFormat.Json);
        webhooks[1].SecretFile.ShouldBe("secrets/audit.key");
        webhooks[1].Timeout.ShouldBe(Webhook.DefaultTimeout);
        webhooks[1].MaxAttempts.ShouldBe(Webhook.DefaultMaxAttempts);
        webhooks[1].Wants("health.site-down").ShouldBeTrue("no events: every event");
    }

    public static TheoryData<string, string, string[]> Bad => new()
    {
        {
            "a secret in the plan",
            "    - { name: ops, url: \"https://example.com/h\", secret: hunter2 }\n",
            ["plan.yaml:50:58: notifications.webhooks[0].secret: a secret is never written in the plan; expected secret_file: PATH (a file holding the secret) or secret_env: NAME (an environment variable holding it)"]
        },
        {
            "both secret sources",
            "    - { name: ops, url: \"https://example.com/h\", secret_file: k, secret_env: K }\n",
            ["plan.yaml:50:78: notifications.webhooks[0].secret_env: is set together with secret_file; expected one of secret_file or secret_env"]
        },
        {
            "a bad environment variable name",
            "    - { name: ops, url: \"https://example.com/h\", secret_env: 1-KEY }\n",
            ["plan.yaml:50:62: notifications.webhooks[0].secret_env: '1-KEY' is not an environment variable name; expected letters, digits and underscores, not starting with a digit"]
        },
        {
            "a misspelt format",
            "    - { name: ops, url: \"https://example.com/h\", format: slak }\n",
            ["plan.yaml:50:58: notifications.webhooks[0].format: 'slak' is not allowed (did you mean 'slack'?); expected json or slack"]
        },
        {
            "zero attempts",
            "    - { name: ops, url: \"https://example.com/h\", max_attempts: 0 }\n",
            ["plan.yaml:50:64: notifications.webhooks[0].max_attempts: 0 is out of range; expected a whole number from 1 to 20"]
        },
        {
            "a timeout too long",
            "    - { name: ops, url: \"https://example.com/h\", timeout: 10m }\n",
            ["plan.yaml:50:59: notifications.webhooks[0].timeout: 10m is too long to wait for a webhook; expected at most 5m"]
        },
        {
            "a misspelt event name",
            "    - { name: ops, url: \"https://example.com/h\", events: [failover.succeded] }\n",
            ["plan.yaml:50:59: notifications.webhooks[0].events[0]: 'failover.succeded' matches no event (did you mean 'failover.succeeded'?); expected failover.* or one of failover.succeeded, failover.approval-requested"]
        },
        {
            "a misspelt key",
            "    - { name: ops, url: \"https://example.com/h\", secret_fil: k }\n",
            ["plan.yaml:50:50: notifications.webhooks[0].secret_fil: unknown key (did you mean 'secret_file'?); expected one of name, url, events, format, secret_file, secret_env, timeout, max_attempts"]
        },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Webhooks_BadKey_ReportedWithPositionAndNoPlan(string name, string webhooks, string[] expected)
    {
        var result = SamplePlans.Parse(WithWebhooks(webhooks));

        result.Plan.ShouldBeNull(name);
        result.Problems.Select(p => p.ToString()).ToArray().ShouldBe(expected, name);
    }

    [Fact]
    public void Webhooks_SecretProblem_NeverRepeatsTheValue()
    {
        var result = SamplePlans.Parse(WithWebhooks("    - { name: ops, url: \"https://example.com/h\", secret: s3cr3t-value }\n"));

        result.Problems.ShouldNotBeEmpty();
        result.Problems.ShouldAllBe(p => !p.ToString().Contains("s3cr3t-value"));
    }
}
