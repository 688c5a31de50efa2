using System.Collections.Immutable;
using Pilotlight.Core.Plans.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pilotlight.Core.Plans.Yaml;

/// <summary>
/// Turns YAML text into a <see cref="ConfigNode"/> tree with positions. Rejects what a plan never needs and
/// what would hide mistakes: duplicate keys, non-string keys, several documents, unbounded nesting.
/// </summary>
internal sealed class YamlDocumentReader
{
    private const int MaxDepth = 64;

    private readonly ProblemList _problems;
    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);
    private SourcePosition _last = SourcePosition.Start;

    private YamlDocumentReader(ProblemList problems) => _problems = problems;

    /// <summary>The root node, or null with the reason in <paramref name="problems"/>.</summary>
    public static ConfigNode? Read(string text, ProblemList problems) => new YamlDocumentReader(problems).ReadDocument(text);

    private ConfigNode? ReadDocument(string text)
    {
        var problems = _problems;
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                problems.Add(SourcePosition.Start, "", "the file holds no YAML document", "a plan (pilotlight init writes a sample)");
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, depth: 0);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                problems.Add(Position(parser.Current!.Start), "", "a second YAML document starts here", "one document per plan file");
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            problems.Add(Position(e.Start), "", $"malformed YAML: {OneLine(e.Message)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, on some unterminated constructs.
            problems.Add(_last, "", "malformed YAML: an unterminated construct (a bracket, brace or quote left open?) after this point");
            return null;
        }
    }

    private ConfigNode ReadNode(IParser parser, int depth)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the document");
        _last = Position(current.Start);
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"nesting deeper than {MaxDepth} levels");
        }

        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }

                throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor defined before it");

            case Scalar scalar:
                parser.MoveNext();
                return Remember(scalar.Anchor, new ConfigScalar(Position(scalar.Start), scalar.Value, !scalar.IsKey && scalar.Style is not ScalarStyle.Plain));

            case SequenceStart start:
            {
                parser.MoveNext();
                var items = ImmutableArray.CreateBuilder<ConfigNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, depth + 1));
                }

                return Remember(start.Anchor, new ConfigList(Position(start.Start), items.ToImmutable()));
            }

            case MappingStart start:
            {
                parser.MoveNext();
                var entries = ImmutableArray.CreateBuilder<ConfigEntry>();
                var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyEvent = parser.Current!;
                    var keyNode = ReadNode(parser, depth + 1);
                    var value = ReadNode(parser, depth + 1);
                    if (keyNode is not ConfigScalar { IsNull: false } key)
                    {
                        _problems.Add(Position(keyEvent.Start), "", $"a key must be a plain name, not {keyNode.Describe()}");
                        continue;
                    }

                    if (seen.TryGetValue(key.Value, out var first))
                    {
                        _problems.Add(key.Position, key.Value, $"duplicate key (first at line {first.Line})", "each key once");
                        continue;
                    }

                    seen.Add(key.Value, key.Position);
                    entries.Add(new ConfigEntry(key.Value, key.Position, value));
                }

                return Remember(start.Anchor, new ConfigMap(Position(start.Start), entries.ToImmutable()));
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private ConfigNode Remember(AnchorName anchor, ConfigNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private static SourcePosition Position(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string OneLine(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): " — the position is reported separately.
        var text = message;
        var marker = text.IndexOf("): ", StringComparison.Ordinal);
        if (text.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0)
        {
            text = text[(marker + 3)..];
        }

        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim().TrimEnd('.');
    }
}
