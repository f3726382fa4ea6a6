using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RotationFunctions.AzureClients;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Schedule;
using RotationFunctions.Tokens;
using RotationFunctions.X;

var builder = FunctionsApplication.CreateBuilder(args);

builder.Services
    .AddTimerSchedules(builder.Configuration)
    .AddStorageClients(builder.Configuration)
    .AddKeyVaultClient(builder.Configuration)
    .AddSchedule(builder.Configuration)
    .AddHandovers(builder.Configuration)
    .AddXApi(builder.Configuration)
    .AddTokenRotation(builder.Configuration);

builder.Build().Run();
