using System.Xml.Linq;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// moto 5.2.1 answers SwitchoverGlobalCluster and FailoverGlobalCluster with a 500 (NotImplementedError) and never
/// moves a global cluster's writer, so this proxy in front of moto stands in for the effect, as AWS documents it: it
/// answers either request
/// (counted, kept), reports <c>FailoverState</c> switching-over towards the target in the next
/// <see cref="SwitchingAnswers"/> DescribeGlobalClusters answers with the roles unchanged, then the target as the
/// writer and every other member a secondary. Members named in <see cref="Detached"/> are left out of the answers
/// (a detached cluster). Only the global cluster it is made for is rewritten; everything else is moto's.
/// </summary>
internal sealed class AuroraSwitchoverEmulator : IAsyncDisposable
{
    private readonly string _global;
    private readonly Lock _lock = new();
    private readonly List<string> _switchovers = [];
    private readonly List<string> _failovers = [];
    private string? _writer;
    private string? _switchingTo;
    private int _switchingLeft;

    /// <param name="drop">Requests whose connection is reset unanswered (a lost region), so that one proxy serves as the gate too.</param>
    public AuroraSwitchoverEmulator(Uri moto, string globalCluster, Func<System.Net.HttpListenerRequest, bool>? drop = null)
    {
        _global = globalCluster;
        Proxy = FaultProxy.Emulating(moto, Answer, Rewrite, drop);
    }

    public Uri Url => Proxy.Url;

    /// <summary>The proxy itself (disposed with the emulator).</summary>
    public FaultProxy Proxy { get; }

    /// <summary>How many DescribeGlobalClusters answers after a switchover show it under way (roles unchanged).</summary>
    public int SwitchingAnswers { get; init; } = 2;

    /// <summary>ARNs of members left out of every answer.</summary>
    public HashSet<string> Detached { get; } = [];

    /// <summary>The SwitchoverGlobalCluster request bodies received, in order.</summary>
    public IReadOnlyList<string> Switchovers
    {
        get
        {
            lock (_lock)
            {
                return [.. _switchovers];
            }
        }
    }

    /// <summary>The FailoverGlobalCluster request bodies received, in order (answered like a switchover: the unplanned failover's effect on the roles is the same).</summary>
    public IReadOnlyList<string> Failovers
    {
        get
        {
            lock (_lock)
            {
                return [.. _failovers];
            }
        }
    }

    /// <summary>The writer's ARN as the emulator reports it; null until a switchover or failover has ended (moto's then).</summary>
    public string? Writer
    {
        get
        {
            lock (_lock)
            {
                return _writer;
            }
        }
    }

    /// <summary>Reports a failover under way towards <paramref name="targetArn"/> for the next <paramref name="answers"/> answers, then that cluster as the writer (an old primary rejoining after an unplanned failover).</summary>
    public void MoveWriter(string targetArn, int answers)
    {
        lock (_lock)
        {
            _switchingTo = targetArn;
            _switchingLeft = answers;
        }
    }

    public ValueTask DisposeAsync() => Proxy.DisposeAsync();

    private (int Status, string Body, string ContentType)? Answer(string body)
    {
        var failover = body.StartsWith("Action=FailoverGlobalCluster&", StringComparison.Ordinal);
        if (!failover && !body.StartsWith("Action=SwitchoverGlobalCluster&", StringComparison.Ordinal))
        {
            return null;
        }

        var target = Uri.UnescapeDataString(body.Split('&').Single(p => p.StartsWith("TargetDbClusterIdentifier=", StringComparison.Ordinal))["TargetDbClusterIdentifier=".Length..]);
        lock (_lock)
        {
            (failover ? _failovers : _switchovers).Add(body);
            _switchingTo = target;
            _switchingLeft = SwitchingAnswers;
        }

        var operation = failover ? "FailoverGlobalCluster" : "SwitchoverGlobalCluster";
        return (200, $"""<{operation}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><{operation}Result><GlobalCluster><GlobalClusterIdentifier>{_global}</GlobalClusterIdentifier></GlobalCluster></{operation}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{operation}Response>""", "text/xml");
    }

    private Func<string, string>? Rewrite(string request) =>
        request.StartsWith("Action=DescribeGlobalClusters&", StringComparison.Ordinal) ? RewriteGlobalClusters : null;

    private string RewriteGlobalClusters(string answer)
    {
        var document = XDocument.Parse(answer);
        string? writer;
        string? switching;
        lock (_lock)
        {
            if (_switchingTo is not null && _switchingLeft-- <= 0)
            {
                _writer = _switchingTo;
                _switchingTo = null;
            }

            writer = _writer;
            switching = _switchingTo;
        }

        // The list's items by position: moto 5.2.1 names them GlobalClusterMember, AWS GlobalClusterMember too (the
        // model's locationName), whatever their type's name.
        var globals = document.Descendants().Where(e => e.Name.LocalName == "GlobalClusters").SelectMany(l => l.Elements());
        foreach (var global in globals.Where(e => Text(e, "GlobalClusterIdentifier") == _global).ToList())
        {
            var ns = global.Name.Namespace;
            var members = global.Elements().Where(e => e.Name.LocalName == "GlobalClusterMembers").SelectMany(l => l.Elements());
            foreach (var member in members.ToList())
            {
                var arn = Text(member, "DBClusterArn");
                if (arn is not null && Detached.Contains(arn))
                {
                    member.Remove();
                }
                else if (writer is not null && member.Elements().FirstOrDefault(e => e.Name.LocalName == "IsWriter") is { } isWriter)
                {
                    isWriter.Value = arn == writer ? "true" : "false";
                }
            }

            if (switching is not null)
            {
                global.Elements().Where(e => e.Name.LocalName == "FailoverState").Remove();
                global.Add(new XElement(ns + "FailoverState", new XElement(ns + "Status", "switching-over"), new XElement(ns + "ToDbClusterArn", switching), new XElement(ns + "IsDataLossAllowed", "false")));
            }
        }

        return document.ToString(SaveOptions.DisableFormatting);
    }

    private static string? Text(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
