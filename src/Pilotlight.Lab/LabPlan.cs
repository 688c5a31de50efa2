using System.Globalization;

namespace Pilotlight.Lab;

/// <summary>The plan that describes a running lab, with its actual ports and paths, so plan-driven commands can target it.</summary>
internal static class LabPlan
{
    public static string Render(Lab lab, LabLayout layout, LabOptions options) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by `pilotlight lab up`: the plan of the lab in {{layout.StateDirectory}}.
        # It is rewritten by every `lab up`; copy it elsewhere before editing.
        version: 1
        name: lab

        objectives:
          rto: 30s
          rpo: 5s

        sites:
          - { name: a, region: lab-a, role: primary }
          - { name: b, region: lab-b, role: standby }

        database:
          provider: postgres
          config:
            bin_dir: {{Quote(options.PostgresBinDirectory)}}
            database: shop
            user: postgres
            replication: {{(options.Synchronous ? "sync" : "async")}}
            a: { host: {{lab.Host("a")}}, port: {{layout.DatabasePort("a")}}, data_dir: {{Quote(layout.DatabaseDataDirectory("a"))}} }
            b: { host: {{lab.Host("b")}}, port: {{layout.DatabasePort("b")}}, data_dir: {{Quote(layout.DatabaseDataDirectory("b"))}} }

        objects:
          provider: filesystem
          config:
            reconcile_interval: 10s
            a: { path: {{Quote(layout.ObjectsDirectory("a"))}} }
            b: { path: {{Quote(layout.ObjectsDirectory("b"))}} }

        compute:
          provider: process
          config:
            command: {{Quote(options.DotnetHost)}}
            args: [{{Quote(options.ShopAssembly)}}]
            ready_path: /readyz
            a: { base_port: {{layout.InstanceBasePort("a")}} }
            b: { base_port: {{layout.InstanceBasePort("b")}} }
          a:
            pilot: { min: 0, desired: 0, max: {{LabLayout.InstancesPerSite}} }
            full: { min: 1, desired: {{LabLayout.InstancesPerSite}}, max: {{LabLayout.InstancesPerSite}} }
          b:
            pilot: { min: 0, desired: 0, max: {{LabLayout.InstancesPerSite}} }
            full: { min: 1, desired: {{LabLayout.InstancesPerSite}}, max: {{LabLayout.InstancesPerSite}} }

        traffic:
          provider: haproxy
          config:
            listen: 127.0.0.1:{{layout.EntryPort}}
            binary: {{Quote(options.HaproxyBinary)}}
            admin_socket: {{Quote(Path.Combine(layout.HaproxyDirectory, "admin.sock"))}}
            config_path: {{Quote(Path.Combine(layout.HaproxyDirectory, "haproxy.cfg"))}}
            backend: sites
            a: { servers: [{{Servers("a")}}] }
            b: { servers: [{{Servers("b")}}] }

        secrets:
          provider: file
          config:
            a: { path: {{Quote(layout.SecretsPath("a"))}} }
            b: { path: {{Quote(layout.SecretsPath("b"))}} }

        health:
          interval: 500ms
          timeout: 400ms
          failure_threshold: 3
          recovery_threshold: 3
          quorum: 2
          vantage_points:
            - { name: entry, via: entry }
            - { name: direct, via: direct }
          probes:
            - { name: shop, type: http, path: /healthz, expect_status: 200, max_latency: 300ms }
            - { name: db, type: sql, query: select 1 }

        failover:
          policy: automatic
          max_data_loss: 5s

        """);

    private static string Servers(string site) => string.Join(", ", Enumerable.Range(1, LabLayout.InstancesPerSite).Select(i => $"{site}{i}"));

    // Paths may hold characters YAML treats specially; a double-quoted scalar with escapes is always safe.
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
