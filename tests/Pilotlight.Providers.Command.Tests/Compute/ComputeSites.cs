using System.Collections.Immutable;
using Pilotlight.Providers.Command.Compute;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Tests.Compute;

/// <summary>A compute provider for site b over the given commands, run in the scripts' directory.</summary>
internal static class ComputeSites
{
    public static CommandComputeProvider For(
        Scripts scripts,
        string scale,
        string list,
        string? fence = null,
        string? version = null,
        TimeSpan? timeout = null,
        TimeSpan? readyTimeout = null)
    {
        var site = new CommandComputeSite(
            new CommandTemplate(scale),
            new CommandTemplate(list),
            fence is null ? null : new CommandTemplate(fence),
            version is null ? null : new CommandTemplate(version),
            timeout ?? TimeSpan.FromSeconds(10),
            readyTimeout ?? TimeSpan.FromSeconds(10));
        return new CommandComputeProvider(new CommandComputeSettings(ImmutableDictionary<string, CommandComputeSite>.Empty.Add("b", site)), scripts.Shell);
    }

    /// <summary>
    /// scale records the count it is given in <c>count-SITE</c>; list prints that many ready instances on ports
    /// 18010, 18011… running version 1.4.2.
    /// </summary>
    public static (string Scale, string List) Recording(Scripts scripts)
    {
        var scale = scripts.Write("scale.sh", """printf '%s' "$2" > "$(dirname "$0")/count-$1" """);
        var list = scripts.Write("list.sh", """
            n=$(cat "$(dirname "$0")/count-$1" 2>/dev/null || echo 0)
            printf '{"instances":['
            i=0
            while [ "$i" -lt "$n" ]; do
              [ "$i" -gt 0 ] && printf ','
              printf '{"address":"127.0.0.1:%d","ready":true,"version":"1.4.2"}' $((18010 + i))
              i=$((i + 1))
            done
            printf ']}\n'
            """);
        return ($"{scale} {{site}} {{count}}", $"{list} {{site}}");
    }
}
