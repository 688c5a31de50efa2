namespace Pilotlight.Engine.Load.Http;

/// <summary>A request that got no usable answer, by kind: "timeout", "refused", "reset", "closed", "bad answer", …</summary>
internal sealed class HttpFailure : Exception
{
    public HttpFailure()
    {
    }

    public HttpFailure(string kind)
        : base(kind) => Kind = kind;

    public HttpFailure(string kind, Exception innerException)
        : base(kind, innerException) => Kind = kind;

    public string Kind { get; } = "error";
}
