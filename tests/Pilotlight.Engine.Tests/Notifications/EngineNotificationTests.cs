using Pilotlight.Core.Notifications;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Notifications;

namespace Pilotlight.Engine.Tests.Notifications;

/// <summary>
/// What the engine tells the plan's webhooks about its executions and the controller's verdicts, through a real
/// receiver — and that a receiver that is down or never answers never holds up or fails an execution.
/// </summary>
public sealed class EngineNotificationTests
{
    private static readonly NotifierOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), Jitter = () => 0 };

    private static string Webhooks(params string[] webhooks) => $"notifications:\n  webhooks:\n{string.Concat(webhooks.Select(w => $"    - {w}\n"))}";

    /// <summary>The harness's plan, opened again on the real clock (the fakes need none; deliveries and their timeouts do).</summary>
    private static PlanEngine RealClockEngine(EngineHarness lab) =>
        PlanEngine.Open(lab.PlanPath, lab.Systems.Registry(), options: new EngineOptions { Notifications = Fast });

    [Fact]
    public async Task Failover_OnFakes_DeliversExecutionStartedFailoverSucceededExecutionFinished()
    {
        await using var receiver = new WebhookReceiver();
        await using var lab = new EngineHarness(extraFailover: Webhooks($"{{ name: ops, url: \"{receiver.Url}\" }}"));
        var engine = RealClockEngine(lab);
        var seen = new List<string>();

        var result = await engine.FailoverAsync(entry => seen.Add(entry.Type), CancellationToken.None);
        var flush = await engine.FlushNotificationsAsync(TimeSpan.FromSeconds(30));

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        seen.ShouldContain(JournalEntry.ExecutionFinished, "the caller's observer is still told of every entry");
        flush.Drained.ShouldBeTrue();
        var requests = receiver.Requests.ToList();
        requests.Select(r => r.Event).ShouldBe([NotificationEvents.ExecutionStarted, NotificationEvents.FailoverSucceeded, NotificationEvents.ExecutionFinished]);
        requests.ShouldAllBe(r => r.Text.Contains($"\"execution\":\"{result.Id}\""));
        requests[^1].Text.ShouldContain("\"outcome\":\"succeeded\"");
        requests[^1].Text.ShouldContain("\"site\":\"b\"");
        engine.Notifier.Log.Read().Count(r => r.Status == DeliveryRecord.Delivered).ShouldBe(3);
    }

    [Fact]
    public async Task Failover_AStepFailsForGood_StepFailedOnce_FinishedFailed()
    {
        await using var receiver = new WebhookReceiver();
        await using var lab = new EngineHarness(extraFailover: Webhooks($"{{ name: ops, url: \"{receiver.Url}\", events: [\"execution.*\"], timeout: 5m }}"));
        lab.Systems.Up["b"] = false;

        // The harness's engine, on its fake clock: the verify step's retries wait on it.
        var result = await lab.WhileTimePassesAsync(() => lab.Engine.FailoverAsync(null, CancellationToken.None));
        var flush = await lab.Engine.FlushNotificationsAsync(TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromSeconds(60));

        result.Outcome.ShouldBe(ExecutionOutcome.Failed);
        flush.Drained.ShouldBeTrue();
        var requests = receiver.Requests.ToList();
        var transcript = string.Join("\n", requests.Select(r => r.Text));
        var failedSteps = result.Steps.Where(st => st.Outcome == StepOutcome.Failed).Select(st => st.Step).ToList();
        failedSteps.ShouldNotBeEmpty();
        requests[0].Event.ShouldBe(NotificationEvents.ExecutionStarted, transcript);
        requests[^1].Event.ShouldBe(NotificationEvents.ExecutionFinished, transcript);
        var stepFailed = requests[1..^1];
        stepFailed.ShouldAllBe(r => r.Event == NotificationEvents.ExecutionStepFailed, transcript);
        // One event per step that failed for good, none for its retried attempts (each step tried 3 times or more).
        stepFailed.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("details").GetProperty("step").GetString()).ShouldBe(failedSteps, ignoreOrder: true);
        stepFailed.ShouldAllBe(r => !r.Text.Contains("\"attempts\":1,"), transcript);
        requests[^1].Text.ShouldContain("\"outcome\":\"failed\"");
        requests[^1].Text.ShouldContain("\"failed_step\":");
    }

    [Fact]
    public async Task ReceiversDownOrSilent_FailoverSucceedsUntouched_DeliveryLogRecordsTheFailures()
    {
        await using var silent = new WebhookReceiver(silent: true);
        var down = WebhookReceiver.UnusedPort();
        await using var lab = new EngineHarness(extraFailover: Webhooks(
            $"{{ name: down, url: \"http://127.0.0.1:{down}/hook\", timeout: 300ms, max_attempts: 2 }}",
            $"{{ name: silent, url: \"{silent.Url}\", timeout: 300ms, max_attempts: 2 }}"));
        var engine = RealClockEngine(lab);

        var result = await engine.FailoverAsync(null, CancellationToken.None);

        result.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        result.Steps.ShouldAllBe(s => s.Outcome != StepOutcome.Failed, string.Join("\n", result.Steps.Select(s => $"{s.Step} {s.Outcome} {s.Detail}")));
        result.Steps.Single(s => s.Step == "notify").Outcome.ShouldBe(StepOutcome.Succeeded);
        lab.Systems.Routed.ShouldBe("b");

        var flush = await engine.FlushNotificationsAsync(TimeSpan.FromSeconds(60));
        flush.Drained.ShouldBeTrue();
        var records = engine.Notifier.Log.Read();
        foreach (var (webhook, error) in new[] { ("down", "Connection refused"), ("silent", "no answer within 0.3s") })
        {
            var mine = records.Where(r => r.Webhook == webhook).ToList();
            mine.Count(r => r.Status == DeliveryRecord.Failed).ShouldBe(3, $"{webhook}: started, succeeded, finished each failed for good");
            mine.Count(r => r.Status == DeliveryRecord.Retrying).ShouldBe(3, $"{webhook}: each retried once");
            mine.ShouldAllBe(r => r.Error!.Contains(error), $"{webhook}: {string.Join("; ", mine.Select(r => r.Error))}");
        }

        silent.Accepted.ShouldBeGreaterThan(0, "the silent receiver accepted the connections");
        flush.Failed.ShouldBe(6);
    }

    [Fact]
    public async Task Controller_SiteDown_NotifiesHealthSiteDown()
    {
        await using var receiver = new WebhookReceiver();
        await using var lab = new EngineHarness(policy: "manual", extraFailover: Webhooks($"{{ name: ops, url: \"{receiver.Url}\", events: [\"health.*\"], timeout: 5m }}"));
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("watch", "watching site a"), "the controller watching");

        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => receiver.Requests.Any(r => r.Event == NotificationEvents.SiteDown), "health.site-down delivered");

        var down = receiver.Requests.First(r => r.Event == NotificationEvents.SiteDown);
        down.Text.ShouldContain("\"site\":\"a\"");
        receiver.Requests.ShouldAllBe(r => r.Event.StartsWith("health.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Controller_AWebhookThatIsDown_IsAControllerEvent_AndTheControllerGoesOn()
    {
        var down = WebhookReceiver.UnusedPort();
        await using var lab = new EngineHarness(policy: "manual", extraFailover: Webhooks($"{{ name: pager, url: \"http://127.0.0.1:{down}/hook\", events: [\"health.*\"], max_attempts: 1 }}"));
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => lab.Saw("watch", "watching site a"), "the controller watching");

        lab.Systems.Up["a"] = false;
        await lab.AdvanceUntilAsync(() => lab.Saw("notify", "webhook pager: health.site-down failed after 1 attempt"), "the failed delivery reported");
        lab.Systems.Up["a"] = true;
        await lab.AdvanceUntilAsync(() => lab.Saw("health", "recovered"), "the controller still probing");

        lab.Watch.IsCompleted.ShouldBeFalse("the controller runs on");
    }

    [Fact]
    public async Task Controller_ReadinessLostThenRegained_OneEventPerTransition()
    {
        await using var receiver = new WebhookReceiver();
        await using var lab = new EngineHarness(policy: "manual", extraFailover: Webhooks($"{{ name: ops, url: \"{receiver.Url}\", events: [\"readiness.*\"], timeout: 5m }}"));
        lab.Systems.Up["b"] = false;
        lab.StartWatching();
        await lab.AdvanceUntilAsync(() => receiver.Requests.Any(r => r.Event == NotificationEvents.ReadinessLost), "readiness.lost delivered");

        lab.Systems.Up["b"] = true;
        await lab.AdvanceUntilAsync(() => receiver.Requests.Any(r => r.Event == NotificationEvents.ReadinessRegained), "readiness.regained delivered");
        // Several more readiness rounds, all READY: nothing more is sent.
        var rounds = 0;
        await lab.AdvanceUntilAsync(() => ++rounds > 40, "more rounds");

        receiver.Requests.Select(r => r.Event).ShouldBe([NotificationEvents.ReadinessLost, NotificationEvents.ReadinessRegained], lab.Transcript);
        receiver.Requests.First().Text.ShouldContain("\"site\":\"b\"");
        receiver.Requests.First().Text.ShouldContain("NOT READY");
    }

    [Fact]
    public async Task Publish_ForTheLeadsEvents_DeliveredWithDetails_AndNeverThrows()
    {
        await using var receiver = new WebhookReceiver();
        await using var lab = new EngineHarness(extraFailover: Webhooks($"{{ name: ops, url: \"{receiver.Url}\", events: [\"drill.*\"] }}"));
        var engine = RealClockEngine(lab);

        engine.Publish(NotificationEvents.DrillSkipped, "drill monthly skipped: NOT READY", new Dictionary<string, object?> { ["drill"] = "monthly", ["reason"] = "NOT READY" });
        engine.Publish(NotificationEvents.ExecutionStarted, "not subscribed");
        await engine.FlushNotificationsAsync(TimeSpan.FromSeconds(30));

        var request = receiver.Requests.ShouldHaveSingleItem();
        request.Event.ShouldBe(NotificationEvents.DrillSkipped);
        request.Text.ShouldContain("\"reason\":\"NOT READY\"");
    }
}
