using Pilotlight.Core.Plans.Validation;
using Pilotlight.Core.Plans.Yaml;

namespace Pilotlight.Core.Plans.Reading;

/// <summary>
/// Reads the keys of one mapping of a plan and reports every problem with its position and path.
/// Each accessor marks its key as known; <see cref="RejectUnknownKeys"/> then reports the rest with "did you mean".
/// Provider schemas read their blocks with it.
/// </summary>
public sealed partial class MapReader
{
    private readonly ConfigMap _map;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MapReader(ConfigMap map, string path, ProblemList problems)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map;
        Path = path;
        Problems = problems;
    }

    public string Path { get; }

    public SourcePosition Position => _map.Position;

    public ProblemList Problems { get; }

    public IEnumerable<string> Keys => _map.Entries.Select(e => e.Key);

    public bool Has(string key) => _map.Find(key) is { Value: not ConfigScalar { IsNull: true } };

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Where a problem about <paramref name="key"/> points: its value, else the mapping.</summary>
    public SourcePosition PositionOf(string key) => _map.Find(key)?.Value.Position ?? _map.Position;

    public void Report(string key, string problem, string? expected = null) =>
        Problems.Add(PositionOf(key), PathOf(key), problem, expected);

    public void ReportHere(string problem, string? expected = null) =>
        Problems.Add(_map.Position, Path, problem, expected);

    public MapReader? Map(string key, bool required = false)
    {
        var node = Node(key, required, "a mapping of keys to values");
        if (node is null)
        {
            return null;
        }

        if (node is not ConfigMap map)
        {
            Report(key, $"is {node.Describe()}", "a mapping of keys to values");
            return null;
        }

        return new MapReader(map, PathOf(key), Problems);
    }

    /// <summary>A list whose items are mappings; items of another shape are reported and skipped.</summary>
    public IReadOnlyList<MapReader> MapList(string key, bool required = false, string expected = "a list of mappings")
    {
        var list = List(key, required, expected);
        var result = new List<MapReader>();
        if (list is null)
        {
            return result;
        }

        for (var i = 0; i < list.Items.Length; i++)
        {
            var itemPath = $"{PathOf(key)}[{i}]";
            if (list.Items[i] is ConfigMap map)
            {
                result.Add(new MapReader(map, itemPath, Problems));
            }
            else
            {
                Problems.Add(list.Items[i].Position, itemPath, $"is {list.Items[i].Describe()}", "a mapping of keys to values");
            }
        }

        return result;
    }

    /// <summary>A list of text values, each with its position and path.</summary>
    public IReadOnlyList<Located<string>> StringList(string key, bool required = false)
    {
        var list = List(key, required, "a list of text values");
        var result = new List<Located<string>>();
        if (list is null)
        {
            return result;
        }

        for (var i = 0; i < list.Items.Length; i++)
        {
            var itemPath = $"{PathOf(key)}[{i}]";
            if (list.Items[i] is ConfigScalar { IsNull: false } scalar)
            {
                result.Add(new Located<string>(scalar.Value, scalar.Position, itemPath));
            }
            else
            {
                Problems.Add(list.Items[i].Position, itemPath, $"is {list.Items[i].Describe()}", "a text value");
            }
        }

        return result;
    }

    /// <summary>Marks keys as known without reading them (read elsewhere, or reserved).</summary>
    public void Accept(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    /// <summary>Reports every key no accessor asked for, suggesting the nearest known key.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string>? allowed = null)
    {
        var candidates = allowed ?? _known;
        foreach (var entry in _map.Entries)
        {
            if (!_known.Contains(entry.Key) && (allowed is null || !allowed.Contains(entry.Key)))
            {
                Problems.Add(entry.KeyPosition, PathOf(entry.Key), $"unknown key{Suggestions.DidYouMean(entry.Key, candidates)}", candidates.Count == 0 ? "no keys here" : ListOf(candidates));
            }
        }
    }

    internal static string ListOf(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count switch
        {
            0 => "nothing",
            1 => list[0],
            2 => $"{list[0]} or {list[1]}",
            _ => $"one of {string.Join(", ", list)}",
        };
    }

    private ConfigNode? Node(string key, bool required, string expected)
    {
        _known.Add(key);
        var entry = _map.Find(key);
        if (entry is null || entry.Value is ConfigScalar { IsNull: true })
        {
            if (required)
            {
                Problems.Add(entry?.Value.Position ?? _map.Position, PathOf(key), "is missing", expected);
            }

            return null;
        }

        return entry.Value;
    }

    private ConfigScalar? Scalar(string key, bool required, string expected)
    {
        var node = Node(key, required, expected);
        if (node is null)
        {
            return null;
        }

        if (node is not ConfigScalar scalar)
        {
            Report(key, $"is {node.Describe()}", expected);
            return null;
        }

        return scalar;
    }

    private ConfigList? List(string key, bool required, string expected)
    {
        var node = Node(key, required, expected);
        if (node is null)
        {
            return null;
        }

        if (node is not ConfigList list)
        {
            Report(key, $"is {node.Describe()}", expected);
            return null;
        }

        return list;
    }
}
