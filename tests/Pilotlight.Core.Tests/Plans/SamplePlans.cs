using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Tests.Plans;

/// <summary>A small valid plan, and helpers to read variations of it.</summary>
internal static class SamplePlans
{
    // Line numbers matter: the bad-plan tests assert positions within this text.
    public const string Valid = """
        name: shop
        objectives:
          rto: 30m
          rpo: 5m
        sites:
          - name: eu
            region: eu-west-1
            role: primary
          - name: dr
            region: us-west-2
            role: standby
        database:
          provider: postgres
          config:
            eu: { port: 5432 }
            dr: { port: 5433 }
        compute:
          provider: process
          config:
            command: dotnet
            eu: { base_port: 8000 }
            dr: { base_port: 9000 }
          eu:
            pilot: { min: 0, desired: 0, max: 3 }
            full: { min: 1, desired: 2, max: 3 }
          dr:
            pilot: { min: 0, desired: 0, max: 3 }
            full: { min: 1, desired: 2, max: 3 }
        traffic:
          provider: haproxy
          config:
            listen: 127.0.0.1:8080
            admin_socket: /run/haproxy/admin.sock
            eu: { servers: [eu1, eu2] }
            dr: { servers: [dr1] }
        health:
          interval: 10s
          timeout: 2s
          probes:
            - { name: web, type: http, path: /healthz }
        failover:
          policy: automatic
        drills:
          - name: monthly
            schedule: "5 0 * * MON#1"
            duration: 1h
            mode: live

        """;

    public static PlanReadResult Parse(string text) =>
        PlanFile.Parse("plan.yaml", text, TestProviders.Registry, FixedClock.At2026);

    /// <summary>
    /// <see cref="Valid"/> with exact pieces of text replaced, in order; several pieces are separated by §.
    /// Fails if a piece is not there exactly once.
    /// </summary>
    public static string With(string find, string replace)
    {
        var finds = find.Split('§');
        var replaces = replace.Split('§');
        var text = Valid;
        for (var i = 0; i < finds.Length; i++)
        {
            var at = text.IndexOf(finds[i], StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(finds[i], at + 1, StringComparison.Ordinal) >= 0)
            {
                throw new ArgumentException($"'{finds[i]}' must occur exactly once in the sample plan", nameof(find));
            }

            text = string.Concat(text.AsSpan(0, at), replaces[i], text.AsSpan(at + finds[i].Length));
        }

        return text;
    }

    /// <summary>The repository's examples/ directory, found from the test's output directory.</summary>
    public static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pilotlight.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Pilotlight.slnx not found above the test directory"), "examples", name);
    }
}
