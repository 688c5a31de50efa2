using Pilotlight.Core.Providers;
using Pilotlight.Core.State;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// The divergence "capture" of a managed database whose API reads no table (RDS, Aurora): a file whose header says
/// what is not in it, and a report listing exactly that — never an empty report that looks clean.
/// </summary>
internal static class UncapturedDivergence
{
    public static DivergenceReport Write(string oldSite, string sqlPath, string uncaptured)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(sqlPath))!);
        DurableFile.WriteText(sqlPath, $"-- pilotlight failback: diverged writes of site {oldSite}'s old primary\n-- NOT CAPTURED. {uncaptured}\n");
        return new DivergenceReport(null, [], [uncaptured]);
    }
}
