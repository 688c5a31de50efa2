using Microsoft.Playwright;

namespace Pilotlight.Reports.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>) driven headless by Playwright's bundled driver; never a downloaded
/// browser. A page records every request it makes and every console error, so a test can assert that a report
/// fetched nothing and drew without errors.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"{ExecutablePath} is missing: install Debian's chromium (apt-get install -y chromium; ./build.sh installs it when run as root); the report tests render HTML in it and never download a browser");
        }

        // Belt and braces: nothing here installs browsers, and the driver must not try either.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Args = ["--headless", "--no-sandbox", "--disable-gpu"] });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="file"/> in a fresh page; any request that is not the file itself is recorded and refused.</summary>
    public async Task<OpenedPage> OpenAsync(string file)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        var url = new Uri(file).AbsoluteUri;
        var opened = new OpenedPage(context, page, url);
        page.Request += (_, request) => opened.Requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                opened.ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => opened.ConsoleErrors.Add(error);
        await context.RouteAsync("**/*", route => route.Request.Url == url ? route.ContinueAsync() : route.AbortAsync());
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page of <see cref="Chromium"/> with what it requested and what it logged as an error.</summary>
internal sealed record OpenedPage(IBrowserContext Context, IPage Page, string Url)
{
    public List<string> Requests { get; } = [];

    public List<string> ConsoleErrors { get; } = [];
}
