using System.Diagnostics;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>The embedded cluster's clean-up after a test host that was killed before it could clean up itself.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_cluster_folder_whose_test_host_has_gone_is_removed_and_one_in_use_is_kept()
    {
        using var gone = Process.Start("true");
        await gone.WaitForExitAsync();
        var orphan = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"storefront-pg-{gone.Id}-{Guid.NewGuid():N}"[..40])).FullName;
        File.WriteAllText(Path.Combine(orphan, "server.log"), "left by a killed run");
        var mine = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"storefront-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40])).FullName;
        try
        {
            await PostgresServer.RemoveOrphanedClustersAsync();

            Assert.False(Directory.Exists(orphan));
            Assert.True(Directory.Exists(mine));
        }
        finally
        {
            Directory.Delete(mine, recursive: true);
            if (Directory.Exists(orphan))
            {
                Directory.Delete(orphan, recursive: true);
            }
        }
    }
}
