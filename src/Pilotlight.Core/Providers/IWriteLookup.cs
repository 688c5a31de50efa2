using System.Collections.Immutable;

namespace Pilotlight.Core.Providers;

/// <summary>A database provider that can tell which of a set of written keys a site's database does not hold (verify-ledger).</summary>
public interface IWriteLookup
{
    /// <summary>The values of <paramref name="keys"/> that no row of <paramref name="table"/> holds in <paramref name="column"/> on the site's database.</summary>
    Task<ImmutableHashSet<string>> MissingAsync(string site, string table, string column, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
