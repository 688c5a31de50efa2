using System.Collections.Immutable;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Schedules;

namespace Pilotlight.Core.Plans.Validation;

internal sealed partial class PlanReader
{
    private static readonly string[] PolicyWords = ["automatic", "approval", "manual"];

    private static readonly string[] DrillModeWords = ["live", "isolated"];

    private static readonly string[] DrillFaultWords = ["switchover", "kill", "stop", "partition"];

    private static readonly string[] SmokeMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"];

    private static readonly string[] FormatWords = ["json", "slack"];

    private static FailoverSettings? ReadFailover(MapReader top, Objectives? objectives, HealthSettings? health)
    {
        var map = top.Map("failover");
        if (map is null)
        {
            return top.Has("failover") || objectives is null ? null : new FailoverSettings(FailoverPolicy.Manual, null, objectives.Rpo);
        }

        var policy = map.Choice("policy", PolicyWords, required: true);
        var approvalTimeout = map.Duration("approval_timeout");
        var maxLoss = map.Duration("max_data_loss", positive: false);
        map.RejectUnknownKeys();
        var fine = policy is not null && objectives is not null
            && (approvalTimeout is not null || !map.Has("approval_timeout"))
            && (maxLoss is not null || !map.Has("max_data_loss"));
        if (approvalTimeout is not null && policy is not null and not "approval")
        {
            map.Report("approval_timeout", $"applies only to policy approval, and the policy is {policy}", "no approval_timeout, or policy: approval");
            fine = false;
        }

        if (maxLoss is not null && objectives is not null && maxLoss > objectives.Rpo)
        {
            map.Report("max_data_loss", $"{Words(maxLoss.Value)} exceeds the rpo {Words(objectives.Rpo)}", "at most the rpo");
            fine = false;
        }

        if (policy is "automatic" or "approval" && health is not null && health.Probes.IsEmpty)
        {
            map.Report("policy", $"{policy} failover needs health probes to detect an outage, and the plan has none", "a health block with probes, or policy: manual");
            fine = false;
        }

        if (!fine || objectives is null)
        {
            return null;
        }

        var parsed = policy switch
        {
            "automatic" => FailoverPolicy.Automatic,
            "approval" => FailoverPolicy.Approval,
            _ => FailoverPolicy.Manual,
        };
        return new FailoverSettings(parsed, approvalTimeout, maxLoss ?? objectives.Rpo);
    }

    private ImmutableArray<DrillSpec> ReadDrills(MapReader top)
    {
        var result = ImmutableArray.CreateBuilder<DrillSpec>();
        foreach (var item in top.MapList("drills"))
        {
            var name = ReadName(item, "name");
            if (name is not null && result.Any(d => d.Name == name))
            {
                item.Report("name", $"'{name}' names another drill too", "unique drill names");
                name = null;
            }

            var zone = item.Text("time_zone", expected: "an IANA time zone such as UTC or Europe/Dublin") ?? "UTC";
            var zoneKnown = TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
            if (!zoneKnown)
            {
                var near = Suggestions.DidYouMean(zone, TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id));
                item.Report("time_zone", $"unknown time zone '{zone}'{near}", "an IANA time zone such as UTC or Europe/Dublin");
            }

            var expression = item.Text("schedule", required: true, "a cron expression such as '5 0 * * MON#1' (first Monday, 00:05)");
            DrillSchedule? schedule = null;
            if (expression is not null && zoneKnown)
            {
                if (!DrillSchedule.TryParse(expression, zone, out schedule, out var error))
                {
                    item.Report("schedule", error);
                }
                else if (schedule.NextAfter(clock.GetUtcNow()) is null)
                {
                    item.Report("schedule", $"'{expression}' never fires again", "a schedule with future occurrences");
                    schedule = null;
                }
            }

            var duration = item.Duration("duration", required: true);
            var mode = item.Choice("mode", DrillModeWords, required: true);
            var fault = item.Choice("fault", DrillFaultWords);
            var faultFine = fault is not null || !item.Has("fault");
            if (fault is not null && mode == "isolated")
            {
                item.Report("fault", "an isolated drill loses no site, so it has no fault", "no fault, or mode: live");
                faultFine = false;
            }

            var rate = item.Number("with_load", min: 1, max: 100_000);
            if (rate is not null && mode == "isolated")
            {
                item.Report("with_load", "an isolated drill leaves production untouched, and a load writes through the production entry", "no with_load, or mode: live");
                rate = null;
                faultFine = false;
            }

            item.RejectUnknownKeys();
            if (name is not null && schedule is not null && duration is not null && mode is not null && faultFine && (rate is not null || !item.Has("with_load")))
            {
                result.Add(new DrillSpec(name, schedule, duration.Value, mode == "live" ? DrillMode.Live : DrillMode.Isolated)
                {
                    Fault = Enum.Parse<DrillFault>(fault ?? "switchover", ignoreCase: true),
                    LoadRate = rate,
                });
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<SmokeCheck> ReadSmokeChecks(MapReader top)
    {
        var result = ImmutableArray.CreateBuilder<SmokeCheck>();
        foreach (var item in top.MapList("smoke_checks", expected: "a list of HTTP checks, each with name, path and expect_status"))
        {
            var name = ReadName(item, "name");
            if (name is not null && result.Any(c => c.Name == name))
            {
                item.Report("name", $"'{name}' names another smoke check too", "unique smoke check names");
                name = null;
            }

            var method = item.Choice("method", SmokeMethods) ?? (item.Has("method") ? null : "GET");
            var path = item.Text("path", required: true, "a path starting with /, such as /orders?client_ref=smoke");
            if (path is not null && !path.StartsWith('/'))
            {
                item.Report("path", $"'{path}' does not start with /", "a path starting with /, such as /healthz");
                path = null;
            }

            var body = item.Text("body");
            var status = item.Number("expect_status", min: 100, max: 599) ?? (item.Has("expect_status") ? null : 200);
            var contains = item.Text("body_contains");
            var timeout = item.Duration("timeout") ?? (item.Has("timeout") ? null : TimeSpan.FromSeconds(5));
            item.RejectUnknownKeys();
            if (name is not null && method is not null && path is not null && status is not null && timeout is not null)
            {
                result.Add(new SmokeCheck(name, method, path, body, status.Value, contains, timeout.Value));
            }
        }

        return result.ToImmutable();
    }

    private (ImmutableArray<Webhook> Webhooks, ImmutableArray<SnsTarget> Sns) ReadNotifications(MapReader top)
    {
        var map = top.Map("notifications");
        var result = ImmutableArray.CreateBuilder<Webhook>();
        if (map is null)
        {
            return (result.ToImmutable(), []);
        }

        foreach (var item in map.MapList("webhooks"))
        {
            var name = ReadName(item, "name");
            if (name is not null && result.Any(w => w.Name == name))
            {
                item.Report("name", $"'{name}' names another webhook too", "unique webhook names");
                name = null;
            }

            var url = item.Url("url", required: true);
            var (events, eventsFine) = ReadEventPatterns(item);
            var format = item.Choice("format", FormatWords);
            var (secretFile, secretEnv, secretFine) = ReadWebhookSecret(item);
            var timeout = item.Duration("timeout");
            if (timeout > TimeSpan.FromMinutes(5))
            {
                item.Report("timeout", $"{Words(timeout.Value)} is too long to wait for a webhook", "at most 5m");
                timeout = null;
            }

            var attempts = item.Number("max_attempts", min: 1, max: 20);
            item.RejectUnknownKeys();
            var fine = eventsFine && secretFine
                && (format is not null || !item.Has("format"))
                && (timeout is not null || !item.Has("timeout"))
                && (attempts is not null || !item.Has("max_attempts"));
            if (name is not null && url is not null && fine)
            {
                result.Add(new Webhook(name, url, events.Count == 0 ? ["*"] : events.ToImmutable())
                {
                    Format = format == "slack" ? WebhookFormat.Slack : WebhookFormat.Json,
                    SecretFile = secretFile,
                    SecretEnv = secretEnv,
                    Timeout = timeout ?? Webhook.DefaultTimeout,
                    MaxAttempts = attempts ?? Webhook.DefaultMaxAttempts,
                });
            }
        }

        var sns = ReadSnsTargets(map, [.. result.Select(w => w.Name)]);
        map.RejectUnknownKeys();
        return (result.ToImmutable(), sns);
    }

    /// <summary>A webhook's <c>events:</c>: <c>*</c>, <c>category.*</c> or the name of an event Pilotlight sends.</summary>
    private (ImmutableArray<string>.Builder Events, bool Fine) ReadEventPatterns(MapReader item)
    {
        var events = ImmutableArray.CreateBuilder<string>();
        var fine = true;
        var categories = NotificationEvents.Categories;
        foreach (var pattern in item.StringList("events"))
        {
            var parts = pattern.Value.Split('.');
            var category = parts[0];
            var wellFormed = pattern.Value == "*" || (parts.Length == 2 && parts[1].Length > 0);
            if (!wellFormed || (pattern.Value != "*" && !categories.Contains(category)))
            {
                var near = Suggestions.DidYouMean(category, categories);
                problems.Add(pattern.Position, pattern.Path, $"'{pattern.Value}' matches no event{near}", $"*, or category.* or category.name with a category among {string.Join(", ", categories)}");
                fine = false;
                continue;
            }

            if (pattern.Value != "*" && parts[1] != "*" && !NotificationEvents.All.Contains(pattern.Value))
            {
                var known = NotificationEvents.All.Where(e => NotificationEvents.CategoryOf(e) == category).ToList();
                var near = Suggestions.DidYouMean(pattern.Value, known);
                problems.Add(pattern.Position, pattern.Path, $"'{pattern.Value}' matches no event{near}", $"{category}.* or one of {string.Join(", ", known)}");
                fine = false;
                continue;
            }

            events.Add(pattern.Value);
        }

        return (events, fine);
    }

    /// <summary>
    /// Where a webhook's signing secret is read from when sending: a file or an environment variable. A secret is
    /// never written in the plan itself, which is shared, diffed and committed.
    /// </summary>
    private static (string? File, string? Env, bool Fine) ReadWebhookSecret(MapReader item)
    {
        var fine = true;
        foreach (var inline in new[] { "secret", "secret_value", "token", "password" })
        {
            if (item.Keys.Contains(inline))
            {
                item.Accept(inline);
                item.Report(inline, "a secret is never written in the plan", "secret_file: PATH (a file holding the secret) or secret_env: NAME (an environment variable holding it)");
                fine = false;
            }
        }

        var file = item.Text("secret_file", expected: "a file path, relative to the plan's directory");
        var env = item.Text("secret_env", expected: "an environment variable name such as PILOTLIGHT_WEBHOOK_SECRET");
        if (env is not null && !EnvironmentName().IsMatch(env))
        {
            item.Report("secret_env", $"'{env}' is not an environment variable name", "letters, digits and underscores, not starting with a digit");
            env = null;
            fine = false;
        }

        if (file is not null && env is not null)
        {
            item.Report("secret_env", "is set together with secret_file", "one of secret_file or secret_env");
            fine = false;
        }

        fine &= (file is not null || !item.Has("secret_file")) && (env is not null || !item.Has("secret_env"));
        return (file, env, fine);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex EnvironmentName();
}
