using System.Collections.Immutable;

namespace Shop;

/// <summary>The optional settings file (SHOP_SETTINGS): KEY=VALUE lines, blank lines and # comments ignored.</summary>
internal sealed record ShopSettingsFile(ImmutableDictionary<string, string> Values, ImmutableArray<string> Problems)
{
    public static ShopSettingsFile Empty { get; } = new(ImmutableDictionary<string, string>.Empty, []);

    /// <summary>Reads the file; a missing file is no settings, an unreadable one or a bad line is a problem, never a failure.</summary>
    public static async Task<ShopSettingsFile> ReadAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is null || !File.Exists(path))
        {
            return Empty;
        }

        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Empty with { Problems = [$"{path}: not readable: {e.Message}"] };
        }

        var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var problems = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"{path}:{i + 1}: ignored, expected KEY=VALUE");
                continue;
            }

            values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return new ShopSettingsFile(values.ToImmutable(), problems.ToImmutable());
    }
}
