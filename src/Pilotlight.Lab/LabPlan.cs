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
        state_dir: {{Quote(layout.StateDirectory)}}

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
        {{DatabaseSite(lab, layout, "a")}}
        {{DatabaseSite(lab, layout, "b")}}

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
            health_path: /healthz
            port_variable: SHOP_PORT
            instances: {{LabLayout.InstancesPerSite}}
            log_dir: {{Quote(layout.LogDirectory)}}
            env: { DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" }
        {{Site(lab, layout, "a")}}
        {{Site(lab, layout, "b")}}
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
            backend: {{Providers.HAProxy.HaproxyEntry.BackendName}}
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
            - { name: shop, type: http, path: /healthz, expect_status: 200, body_contains: '"site":"{site}"', max_latency: 300ms }
            - { name: db, type: sql, query: select 1 }

        failover:
          policy: automatic
          max_data_loss: 5s

        """);

    // Each site's instances: their ports, address, records and environment, exactly as the lab's supervisors run them;
    // an isolated drill's instances on their own ports, the database setting pointed at the clone.
    /// <summary>
    /// A database site as the lab runs it: its data directory, the log beside it and, with --netns, its namespace,
    /// so that a switchover that restarts the server starts it as the lab does.
    /// </summary>
    private static string DatabaseSite(Lab lab, LabLayout layout, string site) => string.Create(CultureInfo.InvariantCulture, $$"""
            {{site}}: { host: {{lab.Host(site)}}, port: {{layout.DatabasePort(site)}}, drill_port: {{layout.DrillDatabasePort(site)}}, data_dir: {{Quote(layout.DatabaseDataDirectory(site))}}, log_file: {{Quote(Path.Combine(layout.DatabaseDirectory(site), "postgres.log"))}}{{(lab.NetworkNamespaceOf(site) is { } netns ? $", network_namespace: {netns}" : "")}} }
        """);

    private static string Site(Lab lab, LabLayout layout, string site) => string.Create(CultureInfo.InvariantCulture, $$"""
            {{site}}:
              base_port: {{layout.InstanceBasePort(site)}}
              host: {{lab.Host(site)}}
        {{(lab.NetworkNamespaceOf(site) is { } netns ? $"      network_namespace: {netns}\n" : "")}}      state_dir: {{Quote(layout.ComputeDirectory(site))}}
              env:
                SHOP_SITE: {{site}}
                SHOP_HOST: {{lab.Host(site)}}
                SHOP_DATABASE: {{Quote(lab.Database(site).ApplicationConnectionString)}}
                SHOP_OBJECTS: {{Quote(layout.ObjectsDirectory(site))}}
                SHOP_SETTINGS: {{Quote(layout.SecretsPath(site))}}
              drill_base_port: {{layout.DrillInstanceBasePort(site)}}
              drill_env:
                SHOP_DATABASE: {{Quote(lab.DrillDatabaseConnectionString(site))}}
        """);

    private static string Servers(string site) => string.Join(", ", Enumerable.Range(1, LabLayout.InstancesPerSite).Select(i => $"{site}{i}"));

    // Paths may hold characters YAML treats specially; a double-quoted scalar with escapes is always safe.
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
