using System.Globalization;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// Finds the postmaster that serves a data directory from its postmaster.pid. The PID alone is not trusted: a
/// file left by a killed server may name a PID since reused, even by another cluster's postgres, so the process
/// must be a postgres whose command line (or working directory) is this data directory.
/// </summary>
internal static class Postmaster
{
    public static ProcessRecord? Find(string dataDir, string name)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDir, "postmaster.pid")).FirstOrDefault();
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return null;
            }

            var proc = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
            var comm = File.ReadAllText($"{proc}/comm").Trim();
            if (comm is not ("postgres" or "postmaster") || !Serves(proc, Path.GetFullPath(dataDir)))
            {
                return null;
            }

            return ProcessRecord.Of(pid, name) is { IsAlive: true } record ? record : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Serves(string proc, string dataDir)
    {
        var arguments = File.ReadAllText($"{proc}/cmdline").Split('\0');
        for (var i = 0; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] == "-D" && SamePath(arguments[i + 1], dataDir))
            {
                return true;
            }
        }

        // Started without -D (PGDATA): the postmaster's working directory is its data directory.
        try
        {
            return new DirectoryInfo($"{proc}/cwd").LinkTarget is { } cwd && SamePath(cwd, dataDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool SamePath(string path, string fullPath) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)), Path.TrimEndingDirectorySeparator(fullPath), StringComparison.Ordinal);
}
