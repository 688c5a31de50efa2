using System.Globalization;
using System.Text;
using Pilotlight.Core.Plans.Validation;
using Pilotlight.Core.Plans.Yaml;
using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Plans;

/// <summary>Reads a plan file: checks it is a readable text file, parses its YAML, reads and validates the plan.</summary>
public static class PlanFile
{
    /// <summary>Plans are small; anything larger is a wrong file, and is refused before it is read into memory.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static PlanReadResult Read(string path, ProviderRegistry registry, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new ProblemList(path);
        var text = ReadText(path, problems);
        return text is null ? new PlanReadResult(path, null, problems.ToImmutable()) : Parse(path, text, registry, clock);
    }

    /// <summary>Reads a plan from text already in memory; <paramref name="file"/> names it in messages.</summary>
    public static PlanReadResult Parse(string file, string text, ProviderRegistry registry, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new ProblemList(file);
        if (text.Trim().Length == 0)
        {
            problems.Add(SourcePosition.Start, "", "the file is empty", "a plan (pilotlight init writes a sample)");
            return new PlanReadResult(file, null, problems.ToImmutable());
        }

        var root = YamlDocumentReader.Read(text, problems);
        if (root is null || problems.Count > 0)
        {
            return new PlanReadResult(file, null, problems.ToImmutable());
        }

        var plan = new PlanReader(registry, problems, clock).Read(root);
        return new PlanReadResult(file, plan, problems.ToImmutable());
    }

    private static string? ReadText(string path, ProblemList problems)
    {
        try
        {
            if (Directory.Exists(path))
            {
                problems.Add(null, "", "is a directory", "a plan file such as pilotlight.yaml");
                return null;
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problems.Add(null, "", "no such file", "a plan file (pilotlight init writes one)");
                return null;
            }

            if (info.Length > MaxBytes)
            {
                problems.Add(null, "", $"is {Size(info.Length)}, too large for a plan", $"at most {Size(MaxBytes)}");
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            return Decode(bytes, problems);
        }
        catch (UnauthorizedAccessException)
        {
            problems.Add(null, "", "permission denied", "a plan file this user can read");
            return null;
        }
        catch (IOException e)
        {
            problems.Add(null, "", $"cannot be read: {e.Message}");
            return null;
        }
    }

    private static string? Decode(byte[] bytes, ProblemList problems)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            problems.Add(PositionOf(bytes, nul), "", $"binary data (a NUL byte at offset {nul})", "a YAML text file");
            return null;
        }

        var span = bytes.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException e)
        {
            var offset = e.Index + (bytes.Length - span.Length);
            problems.Add(PositionOf(bytes, Math.Max(0, offset)), "", $"not UTF-8 text (an invalid byte at offset {offset})", "a YAML text file in UTF-8");
            return null;
        }
    }

    private static SourcePosition PositionOf(byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourcePosition(line, offset - lineStart + 1);
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB");
}
