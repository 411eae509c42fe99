using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Auth;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// A token the API has validated before is answered without the JwtBearer handler (<c>Volunteer.Api/Auth/RememberedBearers.cs</c>).
/// What a caller notices must not change: each revocation applies to a remembered token at the next request, as it did
/// when every request went through the handler. (Expiry of a remembered token: <c>TokenReuseTests</c>, which moves the clock.)
/// </summary>
public sealed class RememberedBearerTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private RememberedBearers Remembered => api.Services.GetRequiredService<RememberedBearers>();

    /// <summary>Uses the token twice, the second time answered from memory (shown by the count of such answers).</summary>
    private async Task<HttpClient> RememberedClientAsync(string token, string path)
    {
        var client = api.Client(token);
        await (await client.GetAsync(path)).ShouldBeAsync(HttpStatusCode.OK);
        var before = Remembered.Answered;
        await (await client.GetAsync(path)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.True(Remembered.Answered > before, "the second request was not answered from the remembered token");
        return client;
    }

    [Fact]
    public async Task A_remembered_resident_token_stops_at_once_when_the_resident_erases_themselves()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var client = await RememberedClientAsync(resident.Token, "/api/v1/me/points");

        await (await client.DeleteAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.Equal("auth.required", (await (await client.GetAsync("/api/v1/me/points")).ProblemAsync(HttpStatusCode.Unauthorized)).Code);
        await (await client.GetAsync("/api/v1/tasks")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_remembered_staff_token_stops_at_once_when_the_account_is_disabled_or_its_password_reset()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var staff = await RememberedClientAsync(place.StaffToken, "/api/v1/me");
        await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/admin/accounts/{place.Staff.Id}/password", new { password = "Changed#2026x" }))
            .ShouldBeAsync(HttpStatusCode.OK);
        var refused = await (await staff.GetAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("auth.required", refused.Code);

        var other = await api.NewCommunityAsync();
        var otherAdmin = await api.NewAdminAsync(other.StreetId);
        var second = await RememberedClientAsync(other.StaffToken, "/api/v1/me");
        await (await api.Client(otherAdmin.Token).PostJsonAsync($"/api/v1/admin/accounts/{other.Staff.Id}/disable")).ShouldBeAsync(HttpStatusCode.OK);
        await (await second.PostJsonAsync("/api/v1/tasks", new { title = "停用后发布" })).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Only_the_bearer_header_of_a_remembered_token_is_answered_from_memory()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        await RememberedClientAsync(resident.Token, "/api/v1/me/points");

        // The same token under another scheme name, or with a character changed, is not the remembered token.
        var before = Remembered.Answered;
        var basic = api.Client();
        basic.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + resident.Token);
        await (await basic.GetAsync("/api/v1/me/points")).ProblemAsync(HttpStatusCode.Unauthorized);
        var forged = resident.Token[..^12] + (resident.Token[^12] == 'A' ? 'B' : 'A') + resident.Token[^11..];
        await (await api.Client(forged).GetAsync("/api/v1/me/points")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, Remembered.Answered);

        // Lower-case "bearer" and surrounding spaces are read as JwtBearer reads them.
        var spaced = api.Client();
        spaced.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer  " + resident.Token + " ");
        await (await spaced.GetAsync("/api/v1/me/points")).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_signed_in_caller_passes_the_default_policy_at_once_and_an_anonymous_one_is_refused_as_before()
    {
        var answered = api.Services.GetRequiredService<SignedInPolicy.Handlers>();
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);

        var before = answered.Count;
        await (await api.Client(resident.Token).GetAsync("/api/v1/me/points")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.True(answered.Count > before, "the default policy was not answered by SignedInPolicy");

        before = answered.Count;
        Assert.Equal("auth.required", (await (await api.Client().GetAsync("/api/v1/me/points")).ProblemAsync(HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(before, answered.Count);
    }
}
