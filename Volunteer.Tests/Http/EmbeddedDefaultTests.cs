using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Points;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// `dotnet run` with nothing configured: the embedded SQLite default creates its file in an empty
/// folder, migrates, and serves the demo street (once); Production never gets demo data.
/// </summary>
public sealed class EmbeddedDefaultTests
{
    /// <summary>The API as `dotnet run` starts it: SQLite under <paramref name="dataFolder"/>, demo data on.</summary>
    private sealed class EmbeddedApi(string dataFolder, string environment, bool? openApi = null) : ApiFactory(Provider.Sqlite)
    {
        public string DatabaseFile => Path.Combine(dataFolder, "App_Data", "volunteer.db");

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Sqlite"] = $"Data Source={DatabaseFile}",
                    ["Seeding:DemoData"] = "true",
                };
                if (openApi is { } enabled)
                    settings["OpenApi:Enabled"] = enabled ? "true" : "false";
                return settings;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    private sealed record Counts(int Streets, int Communities, int Accounts, int Members, int Tasks, int Claims, int LedgerEntries);

    [Fact]
    public async Task Starts_from_an_empty_folder_serving_the_demo_street_and_loads_it_only_once()
    {
        var folder = Directory.CreateTempSubdirectory("volunteer-embedded-").FullName;
        try
        {
            Counts first;
            await using (var api = new EmbeddedApi(folder, "Development"))
            {
                await api.InitializeAsync();
                Assert.True(File.Exists(api.DatabaseFile));
                await ServesTheDemoStreetAsync(api);
                first = await CountAsync(api);
                // Outside Production the API documents itself by default.
                await (await api.Client().GetAsync("/swagger/v1/swagger.json")).ShouldBeAsync(HttpStatusCode.OK);
                await (await api.Client().GetAsync("/swagger/index.html")).ShouldBeAsync(HttpStatusCode.OK);
            }

            await using (var again = new EmbeddedApi(folder, "Development"))
            {
                await again.InitializeAsync();
                Assert.Equal(first, await CountAsync(again));
                await SignInAsync(again, "demo-staff");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Production_loads_no_demo_data_and_refuses_dev_sign_in_codes()
    {
        var folder = Directory.CreateTempSubdirectory("volunteer-embedded-").FullName;
        try
        {
            await using var api = new EmbeddedApi(folder, "Production");
            await api.InitializeAsync();

            Assert.Equal(new Counts(0, 0, 0, 0, 0, 0, 0), await CountAsync(api));
            var staff = await api.Client().PostJsonAsync("/api/v1/auth/password", new { username = "demo-staff", password = DemoPassword });
            await staff.ProblemAsync(HttpStatusCode.Unauthorized);

            // Without a mini-program configured, Production has no WeChat sign-in at all: a dev
            // code would let anyone become any member whose openid they know.
            var dev = await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-li-ming" });
            Assert.Equal("wechat.notConfigured", (await dev.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Code);
            Assert.Equal(new Counts(0, 0, 0, 0, 0, 0, 0), await CountAsync(api));

            // Production does not hand out the API's map unless an operator turns it on (OpenApi:Enabled).
            await (await api.Client().GetAsync("/swagger/v1/swagger.json")).ProblemAsync(HttpStatusCode.NotFound);
            await (await api.Client().GetAsync("/swagger/index.html")).ProblemAsync(HttpStatusCode.NotFound);
            await (await api.Client().GetAsync("/swagger")).ProblemAsync(HttpStatusCode.NotFound);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Production", true, HttpStatusCode.OK)]
    [InlineData("Development", false, HttpStatusCode.NotFound)]
    public async Task OpenApi_Enabled_turns_swagger_on_or_off_whatever_the_environment(string environment, bool enabled, HttpStatusCode expected)
    {
        var folder = Directory.CreateTempSubdirectory("volunteer-embedded-").FullName;
        try
        {
            await using var api = new EmbeddedApi(folder, environment, enabled);
            await api.InitializeAsync();
            Assert.Equal(expected, (await api.Client().GetAsync("/swagger/v1/swagger.json")).StatusCode);
            Assert.Equal(expected, (await api.Client().GetAsync("/swagger/index.html")).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private const string DemoPassword = "Demo#2026";

    private static async Task ServesTheDemoStreetAsync(ApiFactory api)
    {
        var staff = await SignInAsync(api, "demo-staff");
        Assert.Equal(ActorRole.CommunityStaff, staff.Member.Role);

        var tasks = await (await api.Client(staff.AccessToken).GetAsync("/api/v1/tasks?pageSize=100")).ReadAsync<Paged<TaskResponse>>();
        Assert.True(tasks.Total >= 5, $"expected demo tasks, got {tasks.Total}");
        Assert.True(tasks.Items.Select(t => t.Category).Distinct().Count() >= 4, "expected tasks in several categories");

        var liMing = await SignInWithCodeAsync(api, "dev-li-ming");
        Assert.Equal(("李明", PartyStatus.Confirmed), (liMing.Member.Name, liMing.Member.Party!.Status));
        var points = await (await api.Client(liMing.AccessToken).GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>();
        Assert.True(points.Balance > 0, "李明 has points in the demo");

        // The escort for 王秀英, who lives alone, hides her address from volunteers but not from staff.
        var forLiMing = await (await api.Client(liMing.AccessToken).GetAsync("/api/v1/tasks?category=elderlyCare")).ReadAsync<Paged<TaskResponse>>();
        var escort = Assert.Single(forLiMing.Items, t => t.NeedId is not null);
        Assert.Equal((true, (string?)null), (escort.AddressHidden, escort.Address));
        var forStaff = await (await api.Client(staff.AccessToken).GetAsync($"/api/v1/tasks/{escort.Id}")).ReadAsync<TaskResponse>();
        Assert.False(forStaff.AddressHidden);
        Assert.False(string.IsNullOrEmpty(forStaff.Address));
    }

    private static async Task<SignInResponse> SignInAsync(ApiFactory api, string username) =>
        await (await api.Client().PostJsonAsync("/api/v1/auth/password", new { username, password = DemoPassword })).ReadAsync<SignInResponse>();

    private static async Task<SignInResponse> SignInWithCodeAsync(ApiFactory api, string code) =>
        await (await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code })).ReadAsync<SignInResponse>();

    private static Task<Counts> CountAsync(ApiFactory api) => api.DbAsync(async db => new Counts(
        await db.Streets.CountAsync(), await db.Communities.CountAsync(), await db.Accounts.CountAsync(), await db.Members.CountAsync(),
        await db.Tasks.CountAsync(), await db.Claims.CountAsync(), await db.LedgerEntries.CountAsync()));
}
