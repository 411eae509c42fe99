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

/// <summary>Keeps one record of a resident's sign-in: time, hashed address and network, hashed device id.</summary>
public sealed class RecordSignIn(VolunteerDbContext db, TimeProvider clock, SignInFingerprints fingerprints) : IUseCase
{
    public async Task ExecuteAsync(Guid memberId, IPAddress? address, string? deviceId, CancellationToken ct)
    {
        db.Set<SignInRecord>().Add(SignInRecord.Record(memberId, clock.GetUtcNow(),
            fingerprints.AddressHash(address), SignInFingerprints.Network(address), fingerprints.DeviceHash(deviceId)));
        await db.SaveChangesAsync(ct);
    }
}
