namespace Pilotlight.Providers.Local.Objects;

/// <summary>The objects of a store: every file under its directory, by relative path, minus replication's own temp files.</summary>
internal static class ObjectFiles
{
    public const string TempSuffix = ".pilotlight-tmp";

    public static IEnumerable<string> RelativePaths(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                .Where(p => !IsTemp(p))
                .Select(p => Path.GetRelativePath(root, p))
            : [];

    public static bool IsTemp(string path) => path.EndsWith(TempSuffix, StringComparison.Ordinal);

    /// <summary>Same size and modification time: the copy is current (the replicator sets the copy's mtime).</summary>
    public static bool Same(FileInfo source, FileInfo target) =>
        target.Exists && source.Length == target.Length && source.LastWriteTimeUtc == target.LastWriteTimeUtc;
}
