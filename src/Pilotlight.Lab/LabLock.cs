using System.Globalization;
using System.Text;
using System.Text.Json;
using Pilotlight.Processes;

namespace Pilotlight.Lab;

/// <summary>
/// Serializes lab commands that change the lab (up, down, disaster, recover) and executions across processes. The
/// holder writes its PID and command line into the lock while it holds it, so a command that has to wait can say
/// who it waits for.
/// </summary>
internal sealed class LabLock : IAsyncDisposable
{
    private const int MaxHolderBytes = 4096;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly FileStream _stream;

    private LabLock(FileStream stream) => _stream = stream;

    public static Task<LabLock> AcquireAsync(string path, CancellationToken cancellationToken) => AcquireAsync(path, Patience, cancellationToken);

    public static async Task<LabLock> AcquireAsync(string path, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
                continue;
            }
            catch (IOException e)
            {
                throw new LabException(string.Create(CultureInfo.InvariantCulture, $"another command holds {path} for over {patience.TotalSeconds:0.#}s: {DescribeHolder(path)}; wait for it to finish"), e);
            }

            WriteHolder(stream);
            return new LabLock(stream);
        }
    }

    /// <summary>The lock now if nobody holds it, else null — never waits.</summary>
    public static LabLock? TryAcquire(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        WriteHolder(stream);
        return new LabLock(stream);
    }

    /// <summary>True while another holder has the lock; a probe that takes and releases it at once, writing nothing.</summary>
    public static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Who holds the lock, from what it wrote into it — or why that cannot be told.</summary>
    internal static string DescribeHolder(string path)
    {
        var bytes = HeldFile.Read(path, MaxHolderBytes);
        if (bytes is null)
        {
            return "who holds it cannot be read (the lock file cannot be opened)";
        }

        if (bytes.Length == 0)
        {
            return "its holder wrote nothing into it (an older Pilotlight, or a probe that holds it for an instant)";
        }

        try
        {
            var holder = JsonSerializer.Deserialize<LockHolder>(bytes);
            if (holder is { Pid: > 0, Command: not null })
            {
                var alive = ProcessRecord.Of(holder.Pid, "holder") is { } now && now.StartTime == holder.StartTime;
                return string.Create(CultureInfo.InvariantCulture, $"pid {holder.Pid}{(alive ? "" : " (no longer running: a process it started may hold it)")}, running {holder.Command}, since {holder.Since:HH:mm:ss}Z");
            }
        }
        catch (JsonException)
        {
        }

        var text = Encoding.UTF8.GetString(bytes).ReplaceLineEndings(" ").Trim();
        return $"what its holder wrote into it cannot be read (\"{(text.Length > 40 ? text[..40] + "…" : text)}\"); expected {{\"Pid\":…,\"StartTime\":…,\"Command\":…,\"Since\":…}}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _stream.SetLength(0);
            _stream.Flush();
        }
        catch (IOException)
        {
            // Releasing matters more than tidying: closing the stream releases the lock.
        }

        await _stream.DisposeAsync();
    }

    private static void WriteHolder(FileStream stream)
    {
        var self = ProcessRecord.Of(Environment.ProcessId, "self");
        var command = string.Join(' ', Environment.GetCommandLineArgs());
        var holder = new LockHolder(Environment.ProcessId, self?.StartTime ?? 0, command.Length > 300 ? command[..300] + "…" : command, DateTimeOffset.UtcNow);
        stream.SetLength(0);
        stream.Write(JsonSerializer.SerializeToUtf8Bytes(holder));
        stream.Flush();
    }
}
