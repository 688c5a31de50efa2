using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pilotlight.Processes;

/// <summary>
/// An advisory lock (flock) on a file, shared or exclusive, between processes of one host. Taken on a descriptor of
/// its own from a plain open(2), so .NET's implicit lock on the files it opens never interferes; released when
/// disposed, or by the kernel when the process dies — a crashed holder never leaves it taken.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;
    private const int Shared = 1;
    private const int Exclusive = 2;
    private const int NonBlocking = 4;
    private const int WouldBlock = 11;
    private const int Interrupted = 4;

    private readonly SafeFileHandle _handle;

    private FileLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="patience"/> while others hold it in a conflicting way (shared
    /// conflicts with exclusive only); throws <see cref="IOException"/> naming the file when it is not free by then.
    /// </summary>
    public static FileLock Take(string path, bool exclusive, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var descriptor = open(path, ReadWrite | Create | CloseOnExec, Convert.ToInt32("644", 8));
        if (descriptor < 0)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot open the lock file {path} (errno {Marshal.GetLastPInvokeError()}); expected a writable directory"));
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            while (flock(descriptor, (exclusive ? Exclusive : Shared) | NonBlocking) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != WouldBlock && error != Interrupted)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot lock {path} (errno {error})"));
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"{path} stayed locked by another process for over {patience.TotalSeconds:0.#} s; expected it free within that"));
                }

                Thread.Sleep(1);
            }

            return new FileLock(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (closing its descriptor).</summary>
    public void Dispose() => _handle.Dispose();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int descriptor, int operation);
}
