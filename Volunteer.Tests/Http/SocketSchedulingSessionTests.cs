using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Needs;
using Volunteer.Api.Photos;
using Volunteer.Api.Points;
using Volunteer.Api.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>The API on PostgreSQL served by Kestrel on a free port, with socket scheduling turned on (off by default).</summary>
public sealed class PostgresApiOnKestrel : ApiFactory
{
    public PostgresApiOnKestrel() : base(Provider.Postgres) => UseKestrel(0);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Http:Sockets:InlineCompletions"] = "true",
        ["Http:Sockets:InlineScheduling"] = "true",
    };

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');

    /// <summary>A client that goes through a real socket to Kestrel, not the in-memory test server.</summary>
    public HttpClient SocketClient(string? token = null)
    {
        EnsureAvailable();
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>
/// An ordinary session over real sockets with requests run on the thread that completed their socket read
/// (Http/SocketScheduling.cs), through each path whose CPU work leaves that thread (CpuWork): a password sign-in
/// (PBKDF2), a photo scaled, a QR code drawn, the statistics workbook and the Swagger document. The answers are the
/// ones the in-memory tests expect; what this shows is that the on-path works end to end, not how fast.
/// </summary>
public sealed class SocketSchedulingSessionTests(PostgresApiOnKestrel api) : IClassFixture<PostgresApiOnKestrel>
{
    [Fact]
    public async Task A_session_on_PostgreSQL_runs_through_Kestrel_with_requests_on_their_socket_thread()
    {
        api.EnsureAvailable();
        Assert.True(api.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
        var place = await api.NewCommunityAsync();
        var requester = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var now = api.Clock.GetUtcNow();

        var wrong = await api.SocketClient().PostJsonAsync("/api/v1/auth/password", new { username = place.Staff.Username, password = "Wrong-pass-1" });
        Assert.Equal("auth.invalidCredentials", (await wrong.ProblemAsync(HttpStatusCode.Unauthorized)).Code);
        var staff = await (await api.SocketClient().PostJsonAsync("/api/v1/auth/password",
            new { username = place.Staff.Username, password = World.Password })).ReadAsync<SignInResponse>();

        var need = await (await api.SocketClient(requester.Token).PostJsonAsync("/api/v1/needs", new { title = "打扫房间", category = "elderlyCare" }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var approved = await (await api.SocketClient(staff.AccessToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve",
            new { slots = 1, points = 5, startsAt = now.AddMinutes(-5), endsAt = now.AddHours(3) })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        var claim = await (await api.SocketClient(volunteer.Token).PostJsonAsync($"/api/v1/tasks/{approved.Task.Id}/claims"))
            .ReadAsync<ClaimResponse>(HttpStatusCode.Created);
        var code = await (await api.SocketClient(requester.Token).GetAsync($"/api/v1/tasks/{approved.Task.Id}/check-in-code"))
            .ReadAsync<CheckInCodeResponse>();
        await (await api.SocketClient(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code = code.Code }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var file = new ByteArrayContent(TestImages.JpegWithGpsExif(2400, 1800));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var photo = await (await api.SocketClient(volunteer.Token).PostAsync($"/api/v1/claims/{claim.Id}/photos",
            new MultipartFormDataContent { { file, "file", "photo.jpg" } })).ReadAsync<PhotoCreatedResponse>(HttpStatusCode.Created);
        var stored = await api.SocketClient(requester.Token).GetAsync(photo.Url);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("image/jpeg", stored.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xFF, 0xD8], (await stored.Content.ReadAsByteArrayAsync())[..2]);

        var qr = await api.SocketClient(staff.AccessToken).GetAsync($"/api/v1/tasks/{approved.Task.Id}/wxacode");
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await qr.Content.ReadAsByteArrayAsync())[..4]);

        var workbook = await api.SocketClient(staff.AccessToken).GetAsync($"/api/v1/reports/statistics.xlsx?period={now:yyyy-MM}");
        Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await workbook.Content.ReadAsByteArrayAsync())[..2]);

        var document = await api.SocketClient().GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"SignInWithPassword\"", await document.Content.ReadAsStringAsync());

        var points = await (await api.SocketClient(volunteer.Token).GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>();
        Assert.Equal(0, points.Balance);
    }
}
