using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Client;

/// <summary>One serialised AWS operation, not yet addressed or signed: the same request goes to any region and is signed on each attempt.</summary>
internal sealed record AwsRequest
{
    public required AwsService Service { get; init; }

    public required string Operation { get; init; }

    public string Method { get; init; } = "POST";

    /// <summary>The path, already percent-encoded, starting with '/'.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Query-string parameters, in order, not encoded.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>Headers other than Host, X-Amz-Date and Authorization (the signer adds those).</summary>
    public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    public ImmutableArray<byte> Body { get; init; } = [];
}
