using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres;

/// <summary>
/// Makes the directories a server needs usable by the user it runs as (PostgreSQL refuses root: FIELD-NOTES,
/// pitfall 3). Only what was made for the server is given to that user, never a shared parent such as /tmp;
/// a parent the user cannot enter is reported, not changed.
/// </summary>
internal static class ServerDirectories
{
    // Runs as the server's user: prints each check that fails. Modes: x enter, w write into, f write file, o own.
    private const string Checks =
        """for a in "$@"; do m=${a%%:*}; p=${a#*:}; case $m in x) test -x "$p";; w) test -w "$p" -a -x "$p";; f) test -w "$p";; o) test -O "$p";; esac || printf '%s\n' "$a"; done; exit 0""";

    public static async Task PrepareAsync(PostgresNodeOptions options, string siteDirectory, string socketDirectory, CancellationToken cancellationToken)
    {
        string[] directories = [.. new[] { siteDirectory, socketDirectory, Path.GetDirectoryName(Path.GetFullPath(options.LogPath))! }.Distinct(StringComparer.Ordinal)];
        foreach (var directory in directories)
        {
            Directory.CreateDirectory(directory);
        }

        if (options.RunAsUser is not { } user || !ProcessLauncher.IsRoot)
        {
            return;
        }

        var checks = directories.SelectMany(d => Ancestors(d).Select(a => $"x:{a}").Append($"w:{d}")).Distinct(StringComparer.Ordinal).ToList();
        if (File.Exists(options.LogPath))
        {
            checks.Add($"f:{Path.GetFullPath(options.LogPath)}");
        }

        if (Directory.Exists(options.DataDir))
        {
            checks.Add($"o:{Path.GetFullPath(options.DataDir)}");
        }

        var result = await CommandRunner.RunAsync("sh", ["-c", Checks, "sh", .. checks], TimeSpan.FromSeconds(10), cancellationToken, user, workingDirectory: "/");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"postgres {options.Site}: cannot run commands as user {user}: {result.LastLine}");
        }

        var failed = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (failed.FirstOrDefault(f => f.StartsWith("x:", StringComparison.Ordinal)) is { } closed)
        {
            throw new InvalidOperationException(
                $"postgres {options.Site}: user {user} cannot enter {closed[2..]}, so it cannot reach {directories[0]}; use a state directory under /tmp or /var/lib");
        }

        foreach (var check in failed)
        {
            string[] arguments = check[0] == 'o' ? ["-R", $"{user}:{user}", check[2..]] : [$"{user}:{user}", check[2..]];
            var chown = await CommandRunner.RunAsync("chown", arguments, TimeSpan.FromSeconds(30), cancellationToken);
            if (!chown.Succeeded)
            {
                throw new InvalidOperationException($"postgres {options.Site}: cannot give {check[2..]} to user {user}: {chown.LastLine}");
            }
        }
    }

    /// <summary>Every parent of <paramref name="directory"/>, from the root down.</summary>
    private static string[] Ancestors(string directory)
    {
        var parents = new List<string>();
        for (var parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            parents.Add(parent);
        }

        parents.Reverse();
        return [.. parents];
    }
}
