using System.Text.RegularExpressions;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;

namespace Volunteer.Tests.Domain;

/// <summary>
/// Every error code means one thing to the people who read it: the code is created with one message, in one
/// place (the feature's catalogue, such as <see cref="TaskErrors"/>, when several places refuse the same way).
/// </summary>
public partial class ErrorCatalogueTests
{
    [GeneratedRegex("""(?:DomainException\.(?:NotFound|Forbidden|Conflict)\(|DomainException\(ErrorKind\.\w+,|new\(ErrorKind\.\w+,)\s*"(?<code>[\w.]+)",\s*(?<message>\$?"(?:[^"\\]|\\.)*")""")]
    private static partial Regex Creation();

    private static IEnumerable<(string Code, string Message, string File)> Creations()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Volunteer.sln")))
            root = root.Parent;
        Assert.NotNull(root);
        foreach (var project in new[] { "Volunteer.Domain", "Volunteer.Infrastructure", "Volunteer.Api" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root.FullName, project), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root.FullName, file);
                if (relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                    || relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                    continue;
                foreach (Match m in Creation().Matches(File.ReadAllText(file)))
                    yield return (m.Groups["code"].Value, m.Groups["message"].Value, relative);
            }
    }

    [Fact]
    public void Each_error_code_has_exactly_one_message()
    {
        var creations = Creations().ToList();
        Assert.True(creations.Count > 100, $"only {creations.Count} error creations found: is the scan still reading the sources?");
        var ambiguous = creations.GroupBy(c => c.Code)
            .Where(g => g.Select(c => c.Message).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" | ", g.Select(c => $"{c.Message} ({c.File})").Distinct())}")
            .ToList();
        Assert.True(ambiguous.Count == 0, "codes with several messages:\n" + string.Join("\n", ambiguous));
    }

    [Fact]
    public void A_code_refused_in_several_places_comes_from_its_catalogue()
    {
        var scattered = Creations().Where(c => !c.File.EndsWith("Errors.cs", StringComparison.Ordinal))
            .GroupBy(c => c.Code)
            .Where(g => g.Select(c => c.File).Distinct().Count() > 1 || g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.File))}")
            .ToList();
        Assert.True(scattered.Count == 0, "codes created in several places outside a catalogue:\n" + string.Join("\n", scattered));
    }

    [Fact]
    public void Catalogue_members_create_the_code_they_are_named_for()
    {
        Assert.Equal(("task.full", ErrorKind.Conflict), (TaskErrors.Full().Code, TaskErrors.Full().Kind));
        Assert.Equal(("member.noCommunity", ErrorKind.Conflict), (MemberErrors.NoCommunity().Code, MemberErrors.NoCommunity().Kind));
        Assert.Equal(("street.forbidden", ErrorKind.Forbidden), (CommunityErrors.OtherStreet().Code, CommunityErrors.OtherStreet().Kind));
        Assert.Equal(("grid.forbidden", ErrorKind.Forbidden), (CommunityErrors.NotYourGrid().Code, CommunityErrors.NotYourGrid().Kind));
        Assert.Equal(("role.staffOnly", ErrorKind.Forbidden), (RoleErrors.StaffOnly().Code, RoleErrors.StaffOnly().Kind));
        Assert.Equal(("household.notFound", ErrorKind.NotFound), (HouseholdErrors.NotFound().Code, HouseholdErrors.NotFound().Kind));
        Assert.Equal(("escalation.departmentOnly", ErrorKind.Forbidden),
            (EscalationErrors.DepartmentOnly().Code, EscalationErrors.DepartmentOnly().Kind));
        Assert.Equal(("satisfaction.requesterOnly", ErrorKind.Forbidden),
            (SatisfactionErrors.RequesterOnly().Code, SatisfactionErrors.RequesterOnly().Kind));
        Assert.Equal(("honorTitle.retired", ErrorKind.Conflict), (HonorErrors.TitleRetired().Code, HonorErrors.TitleRetired().Kind));
    }
}
