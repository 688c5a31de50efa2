namespace Pilotlight.Providers.Local.Compute;

/// <summary>An exclusive lock on a file, shared by every process that scales or supervises a site.</summary>
internal sealed class SiteLock : IAsyncDisposable
{
    private readonly FileStream _stream;

    private SiteLock(FileStream stream) => _stream = stream;

    public static async Task<SiteLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new SiteLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
