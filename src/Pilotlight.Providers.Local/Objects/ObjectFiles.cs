namespace Pilotlight.Providers.Local.Objects;

/// <summary>The objects of a store: every file under its directory by relative path, minus replication's own temp files.</summary>
internal static class ObjectFiles
{
    /// <summary>Copies in progress end with this; a source file so named is not replicated.</summary>
    public const string TempSuffix = ".pilotlight-tmp";

    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };

    public static IEnumerable<string> RelativePaths(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", Recursive).Where(p => !IsTemp(p)).Select(p => Path.GetRelativePath(root, p))
            : [];

    public static IEnumerable<string> TempFiles(string root) =>
        Directory.Exists(root) ? Directory.EnumerateFiles(root, "*" + TempSuffix, Recursive) : [];

    /// <summary>Every directory under <paramref name="root"/>, deepest first.</summary>
    public static IEnumerable<string> DirectoriesDeepestFirst(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root, "*", Recursive).OrderByDescending(d => d.Length)
            : [];

    public static bool IsTemp(string path) => path.EndsWith(TempSuffix, StringComparison.Ordinal);

    /// <summary>A temp name beside the target, unique so that two copies of one file never share it.</summary>
    public static string TempPathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{TempSuffix}");

    /// <summary>Same size and modification time: the copy is current (the replicator gives each copy its source's mtime).</summary>
    public static bool Same(FileInfo source, FileInfo target) =>
        target.Exists && source.Length == target.Length && source.LastWriteTimeUtc == target.LastWriteTimeUtc;
}
