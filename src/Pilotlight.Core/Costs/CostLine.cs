namespace Pilotlight.Core.Costs;

/// <summary>One priced line of a model, with its arithmetic: <c>Count × Item (Hourly/h) × Hours h = Monthly</c>.</summary>
/// <param name="Site">The site the line is about.</param>
/// <param name="What">What is priced at that site: <c>compute full</c>, <c>compute pilot</c>, <c>database</c>, <c>database replica</c>.</param>
/// <param name="Count">How many instances run.</param>
/// <param name="Item">The instance type or class, with how it is bought: <c>t3.medium spot</c>.</param>
/// <param name="Hourly">The price of one instance-hour.</param>
/// <param name="Hours">Hours a month.</param>
/// <param name="Monthly">Count × hourly × hours, rounded to cents.</param>
/// <param name="Note">How the count was reached, when it is not the capacity itself (<c>3 tasks, 2 per instance</c>); else null.</param>
public sealed record CostLine(string Site, string What, int Count, string Item, decimal Hourly, int Hours, decimal Monthly, string? Note)
{
    public string Text =>
        $"{Site} {What}: {Count} × {Item} (${Hourly.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}/h) × {Hours} h = {Money(Monthly)}{(Note is null ? "" : $" ({Note})")}";

    public static string Money(decimal amount) => $"${amount.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture)}";
}
