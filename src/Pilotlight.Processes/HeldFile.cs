using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pilotlight.Processes;

/// <summary>
/// Reads a file another process holds locked. .NET takes an advisory lock (flock) on every file it opens — shared
/// for reading — so while a lock file is held exclusively no <see cref="FileStream"/> can read what the holder
/// wrote into it; a plain open(2) takes no lock.
/// </summary>
public static partial class HeldFile
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

    /// <summary>Up to <paramref name="maxBytes"/> of the file's content; null if it cannot be opened.</summary>
    public static byte[]? Read(string path, int maxBytes)
    {
        var descriptor = open(path, ReadOnly | CloseOnExec);
        if (descriptor < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        var buffer = new byte[maxBytes];
        var length = RandomAccess.Read(handle, buffer, 0);
        return buffer[..length];
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);
}
