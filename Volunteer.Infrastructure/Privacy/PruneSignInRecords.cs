using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Members;
using Volunteer.Domain.Privacy;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Privacy;

/// <summary>Deletes sign-in records older than <see cref="SignInRecordOptions.RetentionDays"/>; a step of the expiry job.</summary>
public sealed class PruneSignInRecords(VolunteerDbContext db, IOptions<SignInRecordOptions> options) : IUseCase
{
    public Task<int> ExecuteAsync(DateTimeOffset now, CancellationToken ct)
    {
        var before = now - options.Value.Retention;
        return db.Set<SignInRecord>().Where(r => r.At < before).ExecuteDeleteAsync(ct);
    }
}
