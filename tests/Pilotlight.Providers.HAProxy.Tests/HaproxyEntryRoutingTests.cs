using System.Diagnostics;
using Pilotlight.Processes;
using Xunit.Abstractions;

namespace Pilotlight.Providers.HAProxy.Tests;

/// <summary>Which site a real HAProxy routes to, switched through its runtime API.</summary>
public sealed class HaproxyEntryRoutingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_RoutesToTheActiveSiteOnly_BothOfItsServers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        output.WriteLine($"haproxy start to ready: {lab.StartedIn.TotalMilliseconds:0} ms");
        await lab.WaitUntilUpAsync("a", 2, timeout.Token);

        var served = await lab.RequestsAsync(20, timeout.Token);

        served.ShouldAllBe(name => name.StartsWith('a'));
        served.Distinct().Order().ShouldBe(["a1", "a2"]);
    }

    [Fact]
    public async Task Switch_ToBAndBack_RequestsAndStatusFollow()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        await lab.WaitUntilUpAsync("a", 2, timeout.Token);
        var before = await lab.Entry.GetStatusAsync(timeout.Token);
        before.ActiveSite.ShouldBe("a");
        before.Servers.Select(s => (s.Site, s.Name, s.AdminState)).ShouldBe([("a", "a1", "ready"), ("a", "a2", "ready"), ("b", "b1", "maint"), ("b", "b2", "maint")]);
        before.Servers.Single(s => s.Name == "b2").Address.ShouldBe($"127.0.0.1:{lab.Options.Servers.Single(s => s.Name == "b2").Port}");

        await lab.Entry.SwitchAsync("b", timeout.Token);

        (await lab.RequestsAsync(50, timeout.Token)).ShouldAllBe(name => name.StartsWith('b'));
        var after = await lab.Entry.GetStatusAsync(timeout.Token);
        after.ActiveSite.ShouldBe("b");
        after.Servers.Where(s => s.Site == "a").ShouldAllBe(s => s.AdminState == "maint" && s.OperationalState == "down");
        after.Servers.Where(s => s.Site == "b").ShouldAllBe(s => s.AdminState == "ready");
        await lab.WaitUntilUpAsync("b", 2, timeout.Token);

        await lab.Entry.SwitchAsync("a", timeout.Token);
        await lab.Entry.SwitchAsync("a", timeout.Token);

        (await lab.RequestsAsync(50, timeout.Token)).ShouldAllBe(name => name.StartsWith('a'));
        (await lab.Entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("a");
    }

    [Fact]
    public async Task Switch_UnderConcurrentRequests_NoSiteAfterTheOther()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        await lab.WaitUntilUpAsync("a", 2, timeout.Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var answered = 0;

        // Four sequential request loops, each recording when a request was sent and who answered it.
        async Task<List<(long SentAt, string By)>> LoopAsync()
        {
            var seen = new List<(long, string)>();
            while (!stop.IsCancellationRequested)
            {
                var sentAt = Stopwatch.GetTimestamp();
                seen.Add((sentAt, await lab.RequestAsync(timeout.Token)));
                Interlocked.Increment(ref answered);
            }

            return seen;
        }

        var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(LoopAsync)).ToList();
        await Poll.UntilAsync(_ => Task.FromResult(Volatile.Read(ref answered) >= 40), TimeSpan.FromSeconds(10), "40 answers before the switch", timeout.Token);
        var clock = Stopwatch.StartNew();
        await lab.Entry.SwitchAsync("b", timeout.Token);
        var took = clock.Elapsed;
        var switchedAt = Stopwatch.GetTimestamp();
        var answeredAtSwitch = Volatile.Read(ref answered);
        await Poll.UntilAsync(_ => Task.FromResult(Volatile.Read(ref answered) >= answeredAtSwitch + 80), TimeSpan.FromSeconds(10), "80 answers after the switch", timeout.Token);
        await stop.CancelAsync();
        var sequences = await Task.WhenAll(loops);

        output.WriteLine($"switch took {took.TotalMilliseconds:0.0} ms; {sequences.Sum(s => s.Count)} requests, {sequences.Sum(s => s.Count(r => r.By == "503"))} answered 503 during the switch");
        foreach (var sequence in sequences)
        {
            var firstB = sequence.FindIndex(r => r.By.StartsWith('b'));
            firstB.ShouldBeGreaterThan(0, "each loop saw site a, then site b");
            sequence.Skip(firstB).ShouldAllBe(r => r.By.StartsWith('b') || r.By == "503");
            sequence.Where(r => r.SentAt > switchedAt).ShouldAllBe(r => r.By.StartsWith('b'));
            sequence.Take(firstB).ShouldAllBe(r => r.By.StartsWith('a') || r.By == "503");
        }

        (await lab.RequestsAsync(50, timeout.Token)).ShouldAllBe(name => name.StartsWith('b'));
    }

    [Fact]
    public async Task DeadServerOfActiveSite_RequestsRetriedOnTheOther()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);
        await lab.WaitUntilUpAsync("a", 2, timeout.Token);

        await lab.KillBackendAsync("a2");
        var clock = Stopwatch.StartNew();
        var served = await lab.RequestsAsync(20, timeout.Token);

        output.WriteLine($"20 requests right after a2 died took {clock.Elapsed.TotalMilliseconds:0} ms");
        served.ShouldAllBe(name => name == "a1");
        await Poll.UntilAsync(async ct => (await lab.Entry.GetStatusAsync(ct)).Servers.Single(s => s.Name == "a2").OperationalState == "down", TimeSpan.FromSeconds(5), "a2 down by health check", timeout.Token);
        (await lab.Entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("a", "a dead server is down, not out of the routing");
    }

    [Fact]
    public async Task Fence_ActiveSite_NoSiteServesAndRestartKeepsItOut()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);

        await lab.Entry.FenceAsync("a", timeout.Token);
        await lab.Entry.FenceAsync("a", timeout.Token);

        (await lab.RequestsAsync(5, timeout.Token)).ShouldAllBe(answer => answer == "503");
        var status = await lab.Entry.GetStatusAsync(timeout.Token);
        status.ActiveSite.ShouldBeNull();
        status.Servers.ShouldAllBe(s => s.AdminState == "maint");

        await lab.Entry.StopAsync(timeout.Token);
        await lab.Entry.StartAsync(timeout.Token);
        (await lab.Entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBeNull();

        await lab.Entry.SwitchAsync("b", timeout.Token);
        (await lab.RequestsAsync(10, timeout.Token)).ShouldAllBe(name => name.StartsWith('b'));
    }

    [Fact]
    public async Task Switch_UnknownSite_Refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var lab = await HaproxyLab.StartAsync(timeout.Token);

        await Should.ThrowAsync<ArgumentException>(() => lab.Entry.SwitchAsync("c", timeout.Token));

        (await lab.Entry.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("a");
    }
}
