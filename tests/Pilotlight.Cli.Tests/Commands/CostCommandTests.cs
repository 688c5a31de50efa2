using System.Text.Json;

namespace Pilotlight.Cli.Tests.Commands;

public sealed class CostCommandTests
{
    [Fact]
    public async Task Cost_AwsExample_EachLineWithItsArithmeticThenSavings()
    {
        var run = await CliRun.RunAsync(Repository.Root, "cost", "examples/aws.yaml");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        var lines = run.Out.Split('\n');
        lines[0].ShouldBe("shop: monthly cost in USD, 730 h a month, list prices of 2025-01-15 (prices.json)");
        lines.ShouldContain("pilot light: primary site at full capacity, standby compute at its pilot capacity (spot where the plan says so), database replica always on");
        lines.ShouldContain("  eu compute full: 2 × t3.medium on-demand ($0.0456/h) × 730 h = $66.58");
        lines.ShouldContain("  us compute pilot: 0 × t3.medium spot ($0.0125/h) × 730 h = $0.00");
        lines.ShouldContain("  us compute warm: 1 × t3.medium on-demand ($0.0416/h) × 730 h = $30.37");
        lines.ShouldContain("  us database replica: 1 × db.r6g.large ($0.2250/h) × 730 h = $164.25");
        lines.ShouldContain("  total: $413.33 a month");
        lines.ShouldContain("pilot light saves 6.8 % against warm standby: $30.37 a month");
        lines.ShouldContain("pilot light saves 12.8 % against active-active: $60.74 a month");
        lines.ShouldContain("not included: storage, backups, data transfer, load balancers, DNS, requests and support");
    }

    [Fact]
    public async Task Cost_EcsExample_SpotPilotTasksPerInstance()
    {
        var run = await CliRun.RunAsync(Repository.Root, "cost", "examples/aws-ecs.yaml");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("  us compute pilot: 1 × m5.large spot ($0.0350/h) × 730 h = $25.55 (1 task, 2 per instance)\n");
        run.Out.ShouldContain("  eu compute full: 3 × m5.large on-demand ($0.1070/h) × 730 h = $234.33 (6 tasks, 2 per instance)\n");
        run.Out.ShouldContain("pilot light saves 15.9 % against warm standby: $114.61 a month\n");
    }

    [Fact]
    public async Task Cost_Json_SameFiguresAsText()
    {
        var run = await CliRun.RunAsync(Repository.Root, "cost", "examples/aws.yaml", "--json");

        run.ExitCode.ShouldBe(0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        root.GetProperty("plan").GetString().ShouldBe("shop");
        root.GetProperty("hours_per_month").GetInt32().ShouldBe(730);
        root.GetProperty("prices").GetProperty("date").GetString().ShouldBe("2025-01-15");
        var models = root.GetProperty("models");
        models.GetArrayLength().ShouldBe(3);
        models[0].GetProperty("name").GetString().ShouldBe("pilot light");
        models[0].GetProperty("total").GetDecimal().ShouldBe(413.33m);
        var pilot = models[0].GetProperty("lines")[1];
        pilot.GetProperty("count").GetInt32().ShouldBe(0);
        pilot.GetProperty("hourly").GetDecimal().ShouldBe(0.0125m);
        pilot.GetProperty("text").GetString().ShouldBe("us compute pilot: 0 × t3.medium spot ($0.0125/h) × 730 h = $0.00");
        root.GetProperty("savings")[1].GetProperty("against").GetString().ShouldBe("active-active");
        root.GetProperty("savings")[1].GetProperty("percent").GetDecimal().ShouldBe(12.8m);
    }

    [Fact]
    public async Task Cost_UnknownInstanceTypes_NamedInOneLineExitOne()
    {
        using var dir = new TempDirectory();
        dir.File("plan.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples/aws.yaml"))
            .Replace("group: shop-web-us, instance_type: t3.medium", "group: shop-web-us, instance_type: t9.huge", StringComparison.Ordinal)
            .Replace("instance: shop-db-eu, instance_class: db.r6g.large", "instance: shop-db-eu, instance_class: db.x9.huge", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(dir.Path, "cost", "plan.yaml");

        run.ExitCode.ShouldBe(1);
        run.Out.ShouldBeEmpty();
        run.ErrorLines.ShouldBe(["plan.yaml: no price for db.x9.huge in eu-west-1, t9.huge in us-west-2 (prices.json of 2025-01-15); add them"]);
    }

    [Theory]
    [InlineData("examples/lab.yaml", "examples/lab.yaml: cost needs AWS compute and database instance types: compute aws-asg or aws-ecs with instance_type, database aws-rds or aws-aurora-global with instance_class; plan 'shop-lab' has compute process and database postgres")]
    [InlineData("examples/self-hosted.yaml", "examples/self-hosted.yaml: cost needs AWS compute and database instance types: compute aws-asg or aws-ecs with instance_type, database aws-rds or aws-aurora-global with instance_class; plan 'orders' has compute command and database postgres")]
    public async Task Cost_NoInstanceTypes_OneLineExitOne(string plan, string expected)
    {
        var run = await CliRun.RunAsync(Repository.Root, "cost", plan);

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldBe([expected]);
    }

    [Fact]
    public async Task Cost_AwsPlanWithoutInstanceType_NamesTheKeys()
    {
        using var dir = new TempDirectory();
        dir.File("plan.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples/aws.yaml"))
            .Replace("group: shop-web-us, instance_type: t3.medium", "group: shop-web-us", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(dir.Path, "cost", "plan.yaml", "--json");

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldBe(["plan.yaml: cost needs AWS compute and database instance types: compute aws-asg or aws-ecs with instance_type, database aws-rds or aws-aurora-global with instance_class; plan 'shop' does not set compute.config.us.instance_type"]);
        using var doc = JsonDocument.Parse(run.Out);
        doc.RootElement.GetProperty("ok").GetBoolean().ShouldBeFalse();
        doc.RootElement.GetProperty("exit_code").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Cost_Help_SaysWhatIsPriced()
    {
        var run = await CliRun.RunAsync(Repository.Root, "help", "cost");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("pilot light against warm standby and active-active");
        run.Out.ShouldContain("FILE");
    }

    [Theory]
    [InlineData("cost --nope")]
    [InlineData("cost a.yaml b.yaml")]
    public async Task Cost_BadCommandLine_Exit64(string commandLine)
    {
        var run = await CliRun.RunAsync(Repository.Root, commandLine.Split(' '));

        run.ExitCode.ShouldBe(64);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("pilotlight cost");
    }

    [Fact]
    public async Task Cost_InvalidPlan_ExitsTwoWithItsProblems()
    {
        using var dir = new TempDirectory();
        dir.File("plan.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples/aws.yaml")).Replace("rto: 30m", "rto: 30", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(dir.Path, "cost", "plan.yaml");

        run.ExitCode.ShouldBe(2);
        run.ErrorLines.ShouldBe(["plan.yaml:8:8: objectives.rto: '30' has no unit after 30; expected a duration such as 500ms, 30s, 5m or 1h30m"]);
    }
}
