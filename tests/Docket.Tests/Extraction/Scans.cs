using System.Diagnostics;

namespace Docket.Tests.Extraction;

/// <summary>Images of generated documents, rendered with poppler's pdftoppm as a scanner would deliver them.</summary>
internal static class Scans
{
    public static async Task<byte[]> RenderPngAsync(byte[] pdf, int dpi = 200)
    {
        var directory = Directory.CreateTempSubdirectory("docket-scan-").FullName;
        try
        {
            var input = Path.Combine(directory, "in.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true };
            foreach (var argument in new[] { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", input, Path.Combine(directory, "out") })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            return await File.ReadAllBytesAsync(Path.Combine(directory, "out.png"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
