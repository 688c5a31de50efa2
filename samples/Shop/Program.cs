using Npgsql;
using Shop;

var settings = ShopSettings.FromEnvironment(Console.Error);
if (settings is null)
{
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://{settings.Host}:{settings.Port}");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ShopJson.Default));
var connection = new NpgsqlConnectionStringBuilder(settings.Database);
if (!settings.Database.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
{
    connection.Timeout = 2;
    connection.CommandTimeout = 5;
}

await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
builder.Services.AddSingleton(dataSource);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<Orders>();

var app = builder.Build();
await Orders.TryCreateSchemaAsync(dataSource, app.Logger);
app.UseExceptionHandler(error => error.Run(async context =>
{
    context.Response.StatusCode = 500;
    await context.Response.WriteAsJsonAsync(new ErrorAnswer("internal error"), ShopJson.Web.ErrorAnswer);
}));
ShopEndpoints.Map(app);
app.Run();
return 0;
