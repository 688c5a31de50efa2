namespace Pilotlight.Cli;

/// <summary>The exit codes of every command; the README documents them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked; for validate, the plan is valid.</summary>
    public const int Ok = 0;

    /// <summary>The command could not do what was asked (refused, or an operation failed).</summary>
    public const int Failed = 1;

    /// <summary>The plan is invalid or cannot be read as a plan (missing, not YAML, binary, too large).</summary>
    public const int InvalidPlan = 2;

    // 3: status's "not ready", StatusCommand.NotReady.

    /// <summary>
    /// The state directory is damaged: a file Pilotlight keeps there (lab.json, an execution journal, an approval)
    /// is not what it writes, and the command refuses to guess around it.
    /// </summary>
    public const int DamagedState = 4;

    /// <summary>The command line itself is wrong: unknown command or option, bad argument.</summary>
    public const int Usage = 64;

    /// <summary>Ctrl-C (or SIGTERM) ended the command: 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
