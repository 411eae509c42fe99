using System.Collections.Concurrent;
using Volunteer.Domain.Common;

namespace Volunteer.Tests.Domain;

/// <summary>Ids are made as <see cref="Guid.CreateVersion7(DateTimeOffset)"/> makes them, from a buffered secure source.</summary>
public class IdsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void An_id_is_version_7_with_its_instant_in_front_as_the_runtimes_own()
    {
        var id = Ids.NewV7(Now);
        var runtimes = Guid.CreateVersion7(Now);

        Assert.Equal(7, id.Version);
        Assert.Equal((0b10, 0b10), (runtimes.Variant >> 2, id.Variant >> 2)); // RFC 9562's variant: 10xx
        Assert.Equal(runtimes.ToString("N")[..12], id.ToString("N")[..12]); // 48 bits of Unix milliseconds
        Assert.Throws<ArgumentOutOfRangeException>(() => Ids.NewV7(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }

    [Fact]
    public void Ids_of_a_later_millisecond_sort_after_and_no_two_ids_are_alike_across_threads_and_buffer_refills()
    {
        Assert.True(string.CompareOrdinal(Ids.NewV7(Now).ToString(), Ids.NewV7(Now.AddMilliseconds(1)).ToString()) < 0);

        // 8 threads × 2,000 ids, all in the same millisecond: 74 random bits each, several refills of each thread's buffer.
        var ids = new ConcurrentBag<Guid>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 2000; i++)
                ids.Add(Ids.NewV7(Now));
        });
        Assert.Equal(16_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        // The random part is not stuck: every one of its hex digits takes many values.
        var random = ids.Select(id => id.ToString("N")[13..]).ToList();
        for (var digit = 0; digit < random[0].Length; digit++)
            if (digit != 3) // the variant's digit (8–b)
                Assert.True(random.Select(r => r[digit]).Distinct().Count() >= 15, $"hex digit {digit} of the random part");
    }
}
