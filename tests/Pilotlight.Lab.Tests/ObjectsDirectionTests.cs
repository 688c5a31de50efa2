using Pilotlight.Cli;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>The lab's object replicators follow the direction the plan's <c>filesystem</c> provider records (a lab of its own: it is reversed).</summary>
public sealed class ObjectsDirectionTests(AsyncLabFixture fixture) : IClassFixture<AsyncLabFixture>
{
    [Fact]
    public async Task ReversedThroughThePlanBuiltProvider_FileCreatedInBAppearsInA_StatusShowsBToA()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        var lab = fixture.Lab;
        (await lab.StatusAsync(TimeProvider.System, ct)).ObjectsDirection.ShouldBe(new ReplicationDirection("a", "b"));

        var objects = lab.Engine().Providers.Objects.ShouldNotBeNull();
        await objects.ReplicateAsync("b", "a", ct);
        (await objects.GetDirectionAsync(ct)).ShouldBe(new ReplicationDirection("b", "a"));

        var name = $"from-b-{Guid.NewGuid():N}.txt";
        await File.WriteAllTextAsync(Path.Combine(lab.Layout.ObjectsDirectory("b"), name), "written in b", ct);
        // Watcher or, at the latest, the replicator's reconciliation every 10 s. (It failed three times, a minute
        // long, before the direction gate: the replicator in b, still starting a->b, deleted the file in its first pass.)
        try
        {
            await Poll.UntilAsync(_ => Task.FromResult(File.Exists(Path.Combine(lab.Layout.ObjectsDirectory("a"), name))), TimeSpan.FromSeconds(60), $"{name} replicated from b into a by the lab's replicator", ct, TimeSpan.FromMilliseconds(50));
        }
        catch (TimeoutException e)
        {
            var logs = string.Join("; ", ((string[])["a", "b"]).Select(site => Path.Combine(lab.Layout.LogDirectory, $"replicator-{site}.log")).Select(log => $"{log}: {(File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(15)) : "missing")}"));
            throw new TimeoutException($"{e.Message}; still in b: {File.Exists(Path.Combine(lab.Layout.ObjectsDirectory("b"), name))}; {logs}", e);
        }

        var status = await lab.StatusAsync(TimeProvider.System, ct);
        status.ObjectsDirection.ShouldBe(new ReplicationDirection("b", "a"));
        status.ObjectsDirectionRecorded.ShouldBeTrue();
        status.Sites[0].ObjectBacklog.ShouldNotBeNull();
        status.Sites[1].ObjectBacklog.ShouldBeNull();
        using var output = new StringWriter();
        using var error = new StringWriter();
        (await PilotlightCommand.RunAsync(["lab", "status", "--state-dir", fixture.StateDirectory], new CliContext(output, error, TimeProvider.System, Repository.Root), ct)).ShouldBe(0, error.ToString());
        output.ToString().ShouldContain("; objects: b->a");
    }
}
