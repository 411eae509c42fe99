using Volunteer.Api.Admin;
using Volunteer.Api.Audit;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Communities;
using Volunteer.Api.Console;
using Volunteer.Api.Escalations;
using Volunteer.Api.Health;
using Volunteer.Api.Households;
using Volunteer.Api.Http;
using Volunteer.Api.Jobs;
using Volunteer.Api.Me;
using Volunteer.Api.Members;
using Volunteer.Api.Needs;
using Volunteer.Api.Notifications;
using Volunteer.Api.Partners;
using Volunteer.Api.Photos;
using Volunteer.Api.Points;
using Volunteer.Api.Privacy;
using Volunteer.Api.Rewards;
using Volunteer.Api.Satisfaction;
using Volunteer.Api.Rankings;
using Volunteer.Api.Recognition;
using Volunteer.Api.Reports;
using Volunteer.Api.Tasks;
using Volunteer.Api.Wishes;
using Volunteer.Infrastructure;
using Volunteer.Infrastructure.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddVolunteerOperations();
builder.AddVolunteerTelemetry();

using var startupLogs = LoggerFactory.Create(l => l.AddConsole());
var keys = SigningKeys.From(builder.Configuration, builder.Environment, startupLogs.CreateLogger("Startup"));
var database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath,
    threadSafetyChecksByDefault: builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"));
builder.UseVolunteerSocketScheduling(); // Http:Sockets:* (Http/SocketScheduling.cs), before the first socket

builder.Services.AddVolunteerInfrastructure(builder.Configuration, database, keys.CheckInKey);
builder.Services.AddVolunteerAuth(keys, builder.Configuration);
builder.Services.AddVolunteerConsole(builder.Environment);
builder.Services.AddVolunteerRateLimits(builder.Configuration);
builder.Services.AddVolunteerHealth();
builder.Services.AddVolunteerStartupWork();
builder.Services.AddVolunteerOpenApi();
builder.Services.AddScoped<TaskViews>();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTexts.Customize);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => ApiJson.Configure(o.JsonSerializerOptions));

builder.Services.AddVolunteerMemoryFootprint(); // after every registration: it takes the key-ring preload out (Health/MemoryFootprint.cs)

var app = builder.Build();

// Migrations, bootstrap admin, demo data: in the background while the pipeline is set up (Health/StartupWork.cs).
app.BeginStartupWork();

app.UseVolunteerForwardedHeaders();
app.UseMiddleware<RequestLogging>();
app.UseMiddleware<WritesRunToTheEnd>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseVolunteerConsole();
app.UseMiddleware<BodySizeLimit>();
app.UseVolunteerOpenApi();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseMiddleware<EnumQueryValues>();

app.MapHealth();
app.MapAuth();
app.MapMe();
app.MapCommunities();
app.MapAdmin();
app.MapMembers();
app.MapHouseholds();
app.MapFiveLevelGrid();
app.MapNeeds();
app.MapTasks();
app.MapClaims();
app.MapPhotos();
app.MapWishes();
app.MapPoints();
app.MapLedgerTrust();
app.MapPrivacy();
app.MapAudit();
app.MapAnomalies();
app.MapPartners();
app.MapRewards();
app.MapRankings();
app.MapHonors();
app.MapHonorTitles();
app.MapSatisfaction();
app.MapReports();
app.MapStatistics();
app.MapJobs();
app.MapJobDashboard();
app.MapNotifications();
app.MapEscalations();

await app.StartupWorkDoneAsync();
app.Run();

public partial class Program;
