using System.Globalization;
using System.Text.Json;

namespace Pilotlight.Engine;

/// <summary>
/// Serializes what changes a plan's systems across processes: executions (<c>execution.lock</c>), and the lab's own
/// commands (<c>lab.lock</c>). The lock is an exclusive open of the lock file; its holder writes its PID, start time
/// and command line beside it (<c>PATH.holder</c>, a plain file, because .NET locks every file it opens), so a
/// command that has to wait can say who it waits for.
/// </summary>
public sealed class StateLock : IAsyncDisposable
{
    private const int MaxHolderBytes = 4096;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly FileStream _stream;
    private readonly string _holderPath;
    private int _released;

    private StateLock(FileStream stream, string path)
    {
        _stream = stream;
        _holderPath = HolderPath(path);
    }

    public static Task<StateLock> AcquireAsync(string path, CancellationToken cancellationToken) => AcquireAsync(path, Patience, cancellationToken);

    public static async Task<StateLock> AcquireAsync(string path, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new EngineException(string.Create(CultureInfo.InvariantCulture, $"another command holds {path} for over {patience.TotalSeconds:0.#}s: {DescribeHolder(path)}; wait for it to finish"));
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The lock now if nobody holds it, else null — never waits.</summary>
    public static StateLock? TryAcquire(string path)
    {
        FileStream stream;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        WriteHolder(path);
        return new StateLock(stream, path);
    }

    /// <summary>True while another holder has the lock; a probe that takes and releases it at once, writing nothing.</summary>
    public static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Who holds the lock, from what it wrote beside it — or why that cannot be told.</summary>
    public static string DescribeHolder(string path)
    {
        var holderPath = HolderPath(path);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(holderPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[MaxHolderBytes];
            bytes = buffer[..stream.Read(buffer)];
        }
        catch (IOException)
        {
            return "who holds it cannot be told (its holder wrote nothing beside it: an older Pilotlight, or a probe that holds it for an instant)";
        }

        try
        {
            var holder = JsonSerializer.Deserialize<LockHolder>(bytes);
            if (holder is { Pid: > 0, Command: not null })
            {
                var alive = StartTimeOf(holder.Pid) is { } start && start == holder.StartTime;
                return string.Create(CultureInfo.InvariantCulture, $"pid {holder.Pid}{(alive ? "" : " (no longer running: a process it started may hold it)")}, running {holder.Command}, since {holder.Since:HH:mm:ss}Z");
            }
        }
        catch (JsonException)
        {
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes).ReplaceLineEndings(" ").Trim();
        return $"what its holder wrote beside it cannot be read (\"{(text.Length > 40 ? text[..40] + "…" : text)}\"); expected {{\"Pid\":…,\"StartTime\":…,\"Command\":…,\"Since\":…}}";
    }

    /// <summary>Releases the lock; a second call does nothing (the holder file may be another holder's by then).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        try
        {
            File.Delete(_holderPath);
        }
        catch (IOException)
        {
            // Releasing matters more than tidying: closing the stream releases the lock.
        }

        await _stream.DisposeAsync();
    }

    private static string HolderPath(string path) => path + ".holder";

    private static void WriteHolder(string path)
    {
        var command = string.Join(' ', Environment.GetCommandLineArgs());
        var holder = new LockHolder(Environment.ProcessId, StartTimeOf(Environment.ProcessId) ?? 0, command.Length > 300 ? command[..300] + "…" : command, DateTimeOffset.UtcNow);
        var temporary = HolderPath(path) + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(holder));
            File.Move(temporary, HolderPath(path), overwrite: true);
        }
        catch (IOException)
        {
            // Who holds a lock is information for a waiting command, never a reason not to hold it.
        }
    }

    /// <summary>A process's start time in clock ticks since boot (/proc/PID/stat, field 22): a PID alone may be reused.</summary>
    private static long? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private sealed record LockHolder(int Pid, long StartTime, string? Command, DateTimeOffset Since);
}
