using System.Collections.Immutable;
using System.Globalization;

namespace Pilotlight.Providers.HAProxy;

/// <summary>
/// Parses the runtime API's <c>show servers state &lt;backend&gt;</c> (format version 1, HAProxy 2.6):
/// <code>
/// 1
/// # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight ... srv_fqdn srv_port srvrecord ...
/// 3 sites 1 a1 127.0.0.1 2 0 1 1 4 6 3 4 6 0 0 0 - 17410 - 0 0 - - 0
/// </code>
/// Columns are found by name in the header line; in 2.6 they are be_name 1, srv_name 3, srv_addr 4, srv_op_state 5,
/// srv_admin_state 6 and srv_port 18 (srv_fqdn before it is "-" when unset, so no column ever collapses).
/// </summary>
internal static class ServersState
{
    // srv_admin_state flags (enum srv_admin): 0x01 forced maintenance (CLI or "disabled" in the config), 0x02 inherited
    // from a tracked server, 0x20 address resolution failed; 0x04 only remembers that the config said "disabled" and
    // stays after "state ready"; 0x08/0x10 forced/inherited drain.
    private const int MaintenanceFlags = 0x01 | 0x02 | 0x20;
    private const int DrainFlags = 0x08 | 0x10;

    public static ImmutableArray<ServerState> Parse(string reply, string backend)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var lines = reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines.FirstOrDefault(l => l.StartsWith('#'))
            ?? throw new FormatException($"no header line in 'show servers state' reply: {FirstLine(reply)}");
        var columns = header.TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var backendName = Column(columns, "be_name");
        var name = Column(columns, "srv_name");
        var address = Column(columns, "srv_addr");
        var operational = Column(columns, "srv_op_state");
        var admin = Column(columns, "srv_admin_state");
        var port = Column(columns, "srv_port");

        var servers = ImmutableArray.CreateBuilder<ServerState>();
        foreach (var line in lines.Where(l => !l.StartsWith('#')))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < columns.Length || fields[backendName] != backend)
            {
                continue; // the format version line
            }

            servers.Add(new ServerState(
                fields[name],
                $"{fields[address]}:{fields[port]}",
                AdminState(int.Parse(fields[admin], CultureInfo.InvariantCulture)),
                OperationalState(fields[operational])));
        }

        return servers.ToImmutable();
    }

    private static string AdminState(int flags) =>
        (flags & MaintenanceFlags) != 0 ? "maint" : (flags & DrainFlags) != 0 ? "drain" : "ready";

    // srv_op_state (enum srv_state): 0 stopped, 1 starting, 2 running, 3 stopping. A server in maintenance reads 0.
    private static string OperationalState(string state) => state switch
    {
        "0" => "down",
        "1" => "starting",
        "2" => "up",
        "3" => "stopping",
        _ => state,
    };

    private static int Column(string[] columns, string column) =>
        Array.IndexOf(columns, column) is >= 0 and var index
            ? index
            : throw new FormatException($"'show servers state' has no column {column}");

    private static string FirstLine(string text) => text.Split('\n')[0];
}
