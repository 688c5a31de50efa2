using System.CommandLine;
using System.Globalization;

namespace Pilotlight.Cli.Commands;

/// <summary>The <c>--base-port N</c> of the commands that start labs: the first of the lab's ports, 1024 to 65000.</summary>
internal static class BasePortOption
{
    public static Option<int> Create(int defaultPort, string description)
    {
        var option = new Option<int>("--base-port") { Description = description, DefaultValueFactory = _ => defaultPort };
        option.Validators.Add(r =>
        {
            // Only a number is checked here: System.CommandLine reports one that is not (GetValueOrDefault would throw).
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is < 1024 or > 65000)
            {
                r.AddError("--base-port must be from 1024 to 65000");
            }
        });
        return option;
    }
}
