namespace Pilotlight.Lab;

/// <summary>Serializes lab commands that change the lab (up, down, disaster, recover) across processes.</summary>
internal sealed class LabLock : IAsyncDisposable
{
    private readonly FileStream _stream;

    private LabLock(FileStream stream) => _stream = stream;

    public static async Task<LabLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return new LabLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (IOException e)
            {
                throw new LabException($"another lab command holds {path} for over 60s; wait for it to finish", e);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
