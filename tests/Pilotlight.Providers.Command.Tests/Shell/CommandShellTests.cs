using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Tests.Shell;

/// <summary>Placeholders and quoting, run through a real /bin/sh.</summary>
public sealed class CommandShellTests : IDisposable
{
    private readonly Scripts _scripts = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        _timeout.Dispose();
        _scripts.Dispose();
    }

    [Fact]
    public async Task Run_HostileSiteValue_ArrivesAsOneWordAndRunsNothing()
    {
        const string site = "it's $(touch pwned) `touch pwned2` \"b\" ; touch pwned3";
        var call = new CommandCall("compute", "list", new CommandTemplate("""printf '%s|%s' {site} "$#" """), site);

        var output = await _scripts.Shell.RunAsync(call, TimeSpan.FromSeconds(10), _timeout.Token);

        // Output is captured by line: each line ends with a newline.
        output.ShouldBe($"{site}|0\n");
        Directory.GetFiles(_scripts.Directory).ShouldBeEmpty();
    }

    [Fact]
    public void Render_ShellBracesAndEscapedNames_StayAsWritten()
    {
        var template = new CommandTemplate("""curl -s "${BASE}/v/{site}" | jq -c '{{version}}' | awk '{print $1}' {count}""");

        template.Placeholders.ShouldBe(["site", "count"]);
        template.Render(new Dictionary<string, string> { ["site"] = "b", ["count"] = "2" })
            .ShouldBe("""curl -s "${BASE}/v/'b'" | jq -c '{version}' | awk '{print $1}' '2'""");
    }

    [Fact]
    public async Task Run_Environment_HoldsSiteAndCount()
    {
        var call = new CommandCall("compute", "scale", new CommandTemplate("""printf '%s/%s/%s' "$PILOTLIGHT_SITE" "$PILOTLIGHT_COUNT" "${PATH:+path}" """), "a", 4);

        (await _scripts.Shell.RunAsync(call, TimeSpan.FromSeconds(10), _timeout.Token)).ShouldBe("a/4/path\n");
    }
}
