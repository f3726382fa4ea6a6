using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RotationFunctions.AzureClients;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Schedule;

var builder = FunctionsApplication.CreateBuilder(args);

builder.Services
    .AddTimerSchedules(builder.Configuration)
    .AddStorageClients(builder.Configuration)
    .AddSchedule(builder.Configuration)
    .AddHandovers(builder.Configuration);

builder.Build().Run();
