using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>Check-in settings (<c>Tasks:</c> section).</summary>
public sealed class CheckInOptions
{
    public const string Section = "Tasks";

    /// <summary>How far from the task's location a check-in by position is accepted, in metres.</summary>
    public int CheckInRadiusMeters { get; set; } = 200;

    public bool IsValid => CheckInRadiusMeters is >= 10 and <= 5000;
}
