using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Command.Tests.Plan;

/// <summary>A plan whose compute and traffic are both <c>command</c>, and helpers to read variations of it.</summary>
internal static class CommandPlans
{
    public static ProviderRegistry Registry { get; } = ProviderRegistry.Empty.AddCommand();

    // Line numbers matter: tests assert positions within this text.
    public const string Valid = """
        name: shop
        objectives:
          rto: 30m
          rpo: 5m
        sites:
          - name: a
            region: eu-west-1
            role: primary
          - name: b
            region: us-west-2
            role: standby
        compute:
          provider: command
          config:
            scale: ./scale.sh {site} {count}
            list: ./list.sh {site}
            timeout: 10s
            b:
              scale: ./scale.sh --remote {site} {count}
              ready_timeout: 2m
          a:
            pilot: { min: 0, desired: 0, max: 3 }
            full: { min: 1, desired: 2, max: 3 }
          b:
            pilot: { min: 0, desired: 0, max: 3 }
            full: { min: 1, desired: 2, max: 3 }
        traffic:
          provider: command
          config:
            switch: ./lb.sh route {site}
            fence: ./lb.sh drain {site}
            status: ./lb.sh status
            entry_url: http://127.0.0.1:18080/
        health:
          interval: 10s
          timeout: 2s
          probes:
            - { name: web, type: http, path: /healthz }
        failover:
          policy: automatic

        """;

    public static PlanReadResult Parse(string text) => PlanFile.Parse("plan.yaml", text, Registry, TimeProvider.System);

    /// <summary><see cref="Valid"/> with one exact piece of text replaced; fails if it is not there exactly once.</summary>
    public static string With(string find, string replace)
    {
        var at = Valid.IndexOf(find, StringComparison.Ordinal);
        if (at < 0 || Valid.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{find}' must occur exactly once in the plan", nameof(find));
        }

        return string.Concat(Valid.AsSpan(0, at), replace, Valid.AsSpan(at + find.Length));
    }

    /// <summary>The problems as <c>LINE: path: message</c>.</summary>
    public static IReadOnlyList<string> Problems(string text) =>
        [.. Parse(text).Problems.Select(p => $"{p.Position?.Line}: {p.Path}: {p.Message}")];
}
