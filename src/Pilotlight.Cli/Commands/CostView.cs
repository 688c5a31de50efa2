using Pilotlight.Core.Costs;
using Pilotlight.Core.Plans;

namespace Pilotlight.Cli.Commands;

/// <summary>How <c>pilotlight cost</c> shows an estimate: text with each line's arithmetic, or the same as JSON.</summary>
internal static class CostView
{
    public static void Write(TextWriter output, Plan plan, CostEstimate estimate)
    {
        var prices = estimate.Prices;
        output.WriteLine($"{plan.Name}: monthly cost in {prices.Currency}, {prices.HoursPerMonth} h a month, list prices of {prices.Date} (prices.json)");
        foreach (var model in estimate.Models)
        {
            output.WriteLine();
            output.WriteLine($"{model.Name}: {model.Definition}");
            foreach (var line in model.Lines)
            {
                output.WriteLine($"  {line.Text}");
            }

            output.WriteLine($"  total: {CostLine.Money(model.Total)} a month");
        }

        output.WriteLine();
        foreach (var other in new[] { estimate.WarmStandby, estimate.ActiveActive })
        {
            output.WriteLine($"pilot light saves {Percent(estimate.SavingPercent(other))} against {other.Name}: {CostLine.Money(other.Total - estimate.PilotLight.Total)} a month");
        }

        output.WriteLine($"not included: {CostEstimate.Excluded}");
        output.WriteLine($"prices: {prices.Source}");
    }

    public static object ToJson(string file, Plan plan, CostEstimate estimate) => new
    {
        file,
        plan = plan.Name,
        currency = estimate.Prices.Currency,
        hours_per_month = estimate.Prices.HoursPerMonth,
        prices = new { date = estimate.Prices.Date, source = estimate.Prices.Source },
        models = estimate.Models.Select(m => new
        {
            name = m.Name,
            definition = m.Definition,
            lines = m.Lines.Select(l => new { site = l.Site, what = l.What, count = l.Count, item = l.Item, hourly = l.Hourly, hours = l.Hours, monthly = l.Monthly, note = l.Note, text = l.Text }),
            total = m.Total,
        }),
        savings = new[] { estimate.WarmStandby, estimate.ActiveActive }.Select(o => new
        {
            against = o.Name,
            percent = estimate.SavingPercent(o),
            monthly = o.Total - estimate.PilotLight.Total,
        }),
        not_included = CostEstimate.Excluded,
    };

    private static string Percent(decimal value) => $"{value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} %";
}
