using System.Text;
using Pilotlight.Processes;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>
/// Runs a POSIX sh script on a server's host: given on standard input to <c>&lt;executor words&gt; sh -s</c> (on this
/// host: <c>sh -s</c>), so that quoting survives an ssh prefix and a local one alike. Values enter the script
/// shell-quoted, as variables set at its top; a password is exported as PGPASSWORD inside the script, so it is
/// never on a command line. When the script runs as root and the data directory belongs to another user, the
/// PostgreSQL tools run as that user through <c>as_owner</c> (PostgreSQL refuses root: FIELD-NOTES, pitfall 3).
/// </summary>
internal static class HostScript
{
    // The owner is that of the data directory, or of its parent while there is none (a base backup being built).
    private const string Preamble =
        """
        set -u
        export LC_ALL=C
        cd /
        fail() { printf '%s\n' "$*" >&2; exit 1; }
        owner_path=$data_dir
        [ -e "$owner_path" ] || owner_path=$(dirname "$data_dir")
        owner=$(stat -c %U "$owner_path" 2>/dev/null || echo root)
        if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
            owner_group=$(id -gn "$owner") || fail "cannot find the group of user $owner, the owner of $owner_path"
            as_owner() { setpriv --reuid="$owner" --regid="$owner_group" --init-groups -- "$@"; }
        else
            as_owner() { "$@"; }
        fi

        """;

    /// <summary>A single-quoted sh word that stands for exactly <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// Runs <paramref name="body"/> with <c>bin_dir</c>, <c>data_dir</c> and <paramref name="variables"/> set; the
    /// result's lines are the script's. <paramref name="password"/>, when given, is exported as PGPASSWORD.
    /// </summary>
    public static Task<CommandResult> RunAsync(
        ServerHost host,
        string body,
        IReadOnlyDictionary<string, string> variables,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? password = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(variables);
        var dataDir = host.DataDir ?? throw new InvalidOperationException($"site {host.Site} has no data_dir in the plan: operations on its server's host need one");
        var script = new StringBuilder();
        script.Append("bin_dir=").Append(Quote(host.BinDir)).Append('\n');
        script.Append("data_dir=").Append(Quote(Path.TrimEndingDirectorySeparator(dataDir))).Append('\n');
        foreach (var (name, value) in variables)
        {
            script.Append(name).Append('=').Append(Quote(value)).Append('\n');
        }

        if (password is not null)
        {
            script.Append("PGPASSWORD=").Append(Quote(password)).Append("\nexport PGPASSWORD\n");
        }

        script.Append(Preamble).Append(body).Append('\n');
        string[] words = [.. host.Executor?.Words ?? [], "sh", "-s"];
        return CommandRunner.RunAsync(words[0], words[1..], timeout, cancellationToken, workingDirectory: "/", standardInput: script.ToString());
    }

    /// <summary>One line about a failed script, without the password: what failed, where, its last line.</summary>
    public static string Describe(CommandResult result, TimeSpan timeout, string? password)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = result.TimedOut ? $"no result within {timeout.TotalSeconds:0}s" : result.LastLine;
        return password is { Length: > 0 } ? line.Replace(password, "********", StringComparison.Ordinal) : line;
    }
}
