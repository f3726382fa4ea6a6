using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RotationFunctions.App.Monitoring;
using RotationFunctions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
// HTTP triggers get ASP.NET Core's HttpContext: the portal's handler runs as on Kestrel.
builder.ConfigureFunctionsWebApplication();

builder.Services.AddMonitoring();
// Storage, Key Vault, Schedule, Handover, X, Tokens, Portal and Notices: see AddRotationPipeline.
builder.Services.AddRotationPipeline(builder.Configuration);
builder.Services.AddPortalPages(builder.Configuration);

builder.Build().Run();
