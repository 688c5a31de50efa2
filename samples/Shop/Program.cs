using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Shop;

var settings = ShopSettings.FromEnvironment(Console.Error);
if (settings is null)
{
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(args);
var url = $"http://{settings.Host}:{settings.Port}";
builder.WebHost.UseUrls(url);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

// The handler below logs one line per unexpected exception; the middleware's own entry is a full stack trace.
builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);

// SIGTERM ends the process within 2 s: in-flight requests get 750 ms to finish, then Kestrel aborts them and waits
// up to 1 s more (fixed, not configurable) for handlers that do not return, e.g. one stuck on a frozen database.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(750));
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ShopJson.Web));

await using var dataSource = ShopDatabase.CreateDataSource(settings.Database, settings.Site);
builder.Services.AddSingleton(dataSource);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ShopDatabase>();

var file = await ShopSettingsFile.ReadAsync(settings.SettingsFile, CancellationToken.None);
builder.Services.AddSingleton(file);

var app = builder.Build();
foreach (var problem in file.Problems)
{
    app.Logger.SettingsProblem(problem);
}

if (settings.SettingsFile is not null)
{
    app.Logger.SettingsRead(file.Values.Count);
}

await app.Services.GetRequiredService<ShopDatabase>().TryCreateSchemaAsync(app.Lifetime.ApplicationStopping);

// Anything unexpected is a one-line JSON 500: never an HTML page, never a stack trace.
app.UseExceptionHandler(error => error.Run(async context =>
{
    var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
    var detail = exception is PostgresException postgres ? postgres.MessageText : exception?.GetType().Name ?? "unknown";
    app.Logger.Unexpected(exception?.GetType().Name ?? "error", context.Request.Method, context.Request.Path, exception?.Message ?? "");
    context.Response.StatusCode = 500;
    await context.Response.WriteAsJsonAsync(new ErrorAnswer($"internal error: {detail}"), ShopJson.Web.ErrorAnswer);
}));
ShopEndpoints.Map(app);
app.Lifetime.ApplicationStarted.Register(() => app.Logger.Listening(settings.Site, url));
await app.RunAsync();
return 0;
