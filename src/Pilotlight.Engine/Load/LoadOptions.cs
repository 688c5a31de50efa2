using System.Globalization;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Load;

/// <summary>
/// What a load run sends, how fast and for how long. The defaults are the sample Shop's <c>POST /orders</c> at
/// 100 writes/s with at most 64 requests in flight; <see cref="FromPlan"/> takes the plan's <c>load:</c> block.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>The entry: scheme, host and port (http only); its path is ignored, <see cref="Path"/> is used.</summary>
    public required Uri Target { get; init; }

    /// <summary>Requests per second, issued on schedule whether or not earlier ones have been answered (open loop).</summary>
    public double Rate { get; init; } = 100;

    /// <summary>How long to send; null: until <see cref="LoadRun.StopAsync"/> or the start's token is cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    public string Method { get; init; } = LoadSettings.Default.Method;

    public string Path { get; init; } = LoadSettings.Default.Path;

    /// <summary>The body, with <c>{ref}</c> replaced by each request's unique reference; empty for none.</summary>
    public string Body { get; init; } = LoadSettings.Default.Body;

    /// <summary>The status that acknowledges a write.</summary>
    public int ExpectStatus { get; init; } = LoadSettings.Default.ExpectStatus;

    /// <summary>
    /// At most this many requests in flight (one connection each). A request due while that many are outstanding is
    /// not sent: it is counted as <c>shed</c>, an error, so the schedule never slips and the count says so.
    /// </summary>
    public int MaxInFlight { get; init; } = 64;

    /// <summary>A request unanswered after this long fails as <c>timeout</c> (its connection is closed).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The ledger file of acknowledged writes (appended to); null keeps none.</summary>
    public string? LedgerPath { get; init; }

    /// <summary>
    /// How often the ledger is fsynced (and once at the end): a crash of this machine loses at most this much of it.
    /// Lines reach the kernel before they are counted regardless, so a killed generator loses none it reported.
    /// Every second by default: at 100 ms the fsyncs alone cost ~12 % of a generator's CPU at 950 writes/s.
    /// </summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The start of every reference (then a counter from 1); null: <c>L</c> + the start time + a random suffix + <c>-</c>.</summary>
    public string? RefPrefix { get; init; }

    /// <summary>Stamps acknowledgements (<see cref="Core.Ledger.LedgerEntry.At"/>) and the summary's times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The plan's <c>load:</c> block against <paramref name="target"/>.</summary>
    public static LoadOptions FromPlan(LoadSettings settings, Uri target)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new LoadOptions
        {
            Target = target,
            Method = settings.Method,
            Path = settings.Path,
            Body = settings.Body,
            ExpectStatus = settings.ExpectStatus,
        };
    }

    /// <summary>Throws ArgumentException with one line naming the first option a run cannot use, and what it expects.</summary>
    internal void Check()
    {
        if (Target is not { IsAbsoluteUri: true, Scheme: "http" })
        {
            throw new ArgumentException($"target {Target}: not an http:// URL; expected e.g. http://127.0.0.1:8080 (https is not supported by the load generator)");
        }

        if (!(Rate > 0 && Rate <= 1_000_000))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"rate {Rate}: expected a number of requests per second above 0, at most 1000000"));
        }

        if (MaxInFlight is < 1 or > 10_000)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"max in flight {MaxInFlight}: expected 1 to 10000"));
        }

        if (Timeout <= TimeSpan.Zero || Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("timeout and duration must be positive");
        }

        if (!Path.StartsWith('/') || Path.Any(c => c is ' ' or '\r' or '\n'))
        {
            throw new ArgumentException($"path '{Path}': expected a request path starting with / and without spaces, e.g. /orders");
        }

        if (Method.Length == 0 || !Method.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"method '{Method}': expected an HTTP method in capitals, e.g. POST");
        }

        if (RefPrefix is { } prefix && !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            throw new ArgumentException($"reference prefix '{prefix}': expected letters, digits, - _ . : only (it is written into the body as is)");
        }
    }
}
