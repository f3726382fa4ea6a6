using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RotationFunctions.App.Monitoring;
using RotationFunctions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.Services.AddMonitoring();
// Storage, Key Vault, Schedule, Handover, X and Tokens: see AddRotationPipeline.
builder.Services.AddRotationPipeline(builder.Configuration);

builder.Build().Run();
