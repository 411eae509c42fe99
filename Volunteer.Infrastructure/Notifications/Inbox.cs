using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Notifications;

public static class Inbox
{
    /// <summary>Whose inbox the caller reads: residents their member inbox, everyone else their account's.</summary>
    public static Recipient Of(Actor actor) => actor.IsResident ? Recipient.Member(actor.Id) : Recipient.Account(actor.Id);
}
