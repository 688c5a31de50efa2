using System.Text.Json;
using Pilotlight.Cli.Commands;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Tests.Commands;

/// <summary>demo --json speaks seconds like every other command, and runs on the ports it is given.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void MeasurementJson_EveryDurationInSeconds()
    {
        var measurement = new FailoverMeasurement(
            TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(1600), TimeSpan.FromSeconds(2), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), 40, 0, true)
        {
            Fault = DisasterMode.Kill,
            Phase = TimeSpan.FromMilliseconds(250),
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(MeasurementJson.From(measurement), Json.Options));
        var root = json.RootElement;

        root.GetProperty("detection_seconds").GetDouble().ShouldBe(1.5);
        root.GetProperty("decision_seconds").GetDouble().ShouldBe(1.6);
        root.GetProperty("promotion_seconds").GetDouble().ShouldBe(2);
        root.GetProperty("compute_ready_seconds").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("traffic_switched_seconds").GetDouble().ShouldBe(3);
        root.GetProperty("client_outage_seconds").GetDouble().ShouldBe(4);
        root.GetProperty("phase_seconds").GetDouble().ShouldBe(0.25);
        root.GetProperty("fault").GetString().ShouldBe("kill");
        DurationProblems(root).ShouldBeEmpty();
    }

    [Fact]
    public async Task Demo_Json_EveryDurationInSeconds_OnItsBasePort()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "demo", "--json", "--base-port", "29560", "--orders", "20");

        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        DurationProblems(root).ShouldBeEmpty(run.Out);
        var phases = root.GetProperty("phases").EnumerateArray().ToList();
        phases.ShouldNotBeEmpty(run.Error);
        phases.ShouldAllBe(p => p.GetProperty("duration_seconds").ValueKind == JsonValueKind.Number);
        phases[0].GetProperty("summary").GetString()!.ShouldContain(":29560", customMessage: run.Out);
        // The failover is measured only when the lab's controller runs; its durations are checked above when it is.
        root.GetProperty("failover").ValueKind.ShouldBeOneOf(JsonValueKind.Object, JsonValueKind.Null);
        if (root.GetProperty("failover") is { ValueKind: JsonValueKind.Object } failover && failover.GetProperty("succeeded").GetBoolean())
        {
            // The story ends with a failback to the pilot-light shape, under load, losing nothing.
            var failback = root.GetProperty("failback");
            failback.GetProperty("succeeded").GetBoolean().ShouldBeTrue(run.Out);
            failback.GetProperty("lost_acknowledged").GetInt32().ShouldBe(0, run.Out);
            root.GetProperty("ok").GetBoolean().ShouldBeTrue(run.Out);
        }
    }

    // A key that ends in _seconds holds a number (or null), and no value anywhere is a TimeSpan's "00:00:01.5".
    private static List<string> DurationProblems(JsonElement element, string path = "$")
    {
        var problems = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.EndsWith("_seconds", StringComparison.Ordinal) && property.Value.ValueKind is not (JsonValueKind.Number or JsonValueKind.Null))
                    {
                        problems.Add($"{path}.{property.Name} is {property.Value.ValueKind}");
                    }

                    problems.AddRange(DurationProblems(property.Value, $"{path}.{property.Name}"));
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    problems.AddRange(DurationProblems(item, $"{path}[{i++}]"));
                }

                break;
            case JsonValueKind.String when TimeSpan.TryParse(element.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _) && element.GetString()!.Contains(':', StringComparison.Ordinal):
                problems.Add($"{path} is a TimeSpan: {element.GetString()}");
                break;
        }

        return problems;
    }
}
