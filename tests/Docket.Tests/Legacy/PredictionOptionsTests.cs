using Docket.Tests.Support;
using Microsoft.Extensions.Options;

namespace Docket.Tests.Legacy;

public sealed class PredictionOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("3601")]
    public async Task Start_WithAnUnusableSyncWait_FailsAtStartUp(string seconds)
    {
        var data = Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => DocketTestServer.StartAsync(s => s.Configuration["Docket:Predictions:SyncWaitSeconds"] = seconds, data));

            Assert.Contains("SyncWaitSeconds", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
