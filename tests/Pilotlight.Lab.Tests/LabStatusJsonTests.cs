using System.Text.Json;
using Pilotlight.Cli;

namespace Pilotlight.Lab.Tests;

/// <summary>The JSON of <c>lab status --json</c> is a contract scripts rely on: run the real command against a real lab.</summary>
public sealed class LabStatusJsonTests(AsyncLabFixture fixture) : IClassFixture<AsyncLabFixture>
{
    [Fact]
    public async Task StatusJson_HoldsTheDocumentedContract()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, TimeProvider.System, Repository.Root);

        var code = await PilotlightCommand.RunAsync(["lab", "status", "--json", "--state-dir", fixture.StateDirectory], context, CancellationToken.None);

        code.ShouldBe(0, error.ToString());
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        new Uri(root.GetProperty("entry_url").GetString()!).ShouldBe(fixture.Up.EntryUrl);
        root.GetProperty("active_site").GetString().ShouldBe("a");
        root.GetProperty("objects").GetProperty("source").GetString().ShouldBe("a");
        root.GetProperty("objects").GetProperty("target").GetString().ShouldBe("b");
        root.GetProperty("objects").GetProperty("recorded").GetBoolean().ShouldBeTrue();
        root.GetProperty("traffic").GetProperty("pid").GetInt32().ShouldBeGreaterThan(0);
        var sites = root.GetProperty("sites").EnumerateArray().ToList();
        sites.Select(s => s.GetProperty("name").GetString()).ShouldBe(["a", "b"]);
        var a = sites[0].GetProperty("database");
        a.GetProperty("role").GetString().ShouldBe("primary");
        a.GetProperty("port").GetInt32().ShouldBe(fixture.Lab.Layout.DatabasePort("a"));
        a.GetProperty("connection_string").GetString()!.ShouldContain($"Port={fixture.Lab.Layout.DatabasePort("a")}");
        var b = sites[1].GetProperty("database");
        b.GetProperty("role").GetString().ShouldBe("standby");
        b.GetProperty("lag_bytes").ValueKind.ShouldBe(JsonValueKind.Number);
        b.GetProperty("lag_seconds").ValueKind.ShouldBe(JsonValueKind.Number);
        var instance = sites[0].GetProperty("instances")[0];
        instance.GetProperty("port").GetInt32().ShouldBe(fixture.Lab.Layout.InstanceBasePort("a"));
        instance.GetProperty("pid").GetInt32().ShouldBeGreaterThan(0);
        instance.GetProperty("health").GetString().ShouldBe("ok");
        sites[1].GetProperty("objects").GetProperty("backlog_objects").ValueKind.ShouldBe(JsonValueKind.Number);
    }
}
