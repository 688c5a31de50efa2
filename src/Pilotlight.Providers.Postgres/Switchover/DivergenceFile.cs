using System.Text;

namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>
/// The divergence file: a header of comments (sites, fork, time range, counts, what was not captured), one
/// transaction of the statements that apply, then the conflicts, commented out, each with both versions. Written
/// to a temporary file beside the target, flushed to disk and renamed, so a reader never sees half of it.
/// </summary>
internal static class DivergenceFile
{
    public static async Task WriteAsync(string path, IEnumerable<string> header, IReadOnlyList<string> statements, IReadOnlyList<string> conflicts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new StringBuilder();
        foreach (var line in header)
        {
            text.Append("-- ").Append(line).Append('\n');
        }

        text.Append('\n');
        if (statements.Count > 0)
        {
            text.Append("BEGIN;\n");
            foreach (var statement in statements)
            {
                text.Append(statement).Append('\n');
            }

            text.Append("COMMIT;\n");
        }
        else
        {
            text.Append("-- (no statement applies)\n");
        }

        if (conflicts.Count > 0)
        {
            text.Append("\n-- conflicts: decide row by row; each is commented out\n");
            foreach (var conflict in conflicts)
            {
                text.Append(conflict).Append('\n');
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        Core.State.DurableFile.WriteText(path, text.ToString());
    }
}
