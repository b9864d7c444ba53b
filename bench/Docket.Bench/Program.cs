using Docket.Cli;
using Docket.TestHost;

namespace Docket.Bench;

internal static class Program
{
    private const string Usage = """
        docket-bench <benchmark> [options]
          throughput    [--executions 10000] [--clients 8] [--warmup 500] [--workers N (0: submit path only)] [--database postgres://…]
          claim-latency [--queued 10000] [--samples 2000] [--claimers 4] [--database postgres://…]   (in process: the store's claim)
          wait-latency  [--samples 200] [--warmup 20]
          upload        [--size-mb 1024] [--docket PATH]
          idle          [--runs 3] [--docket PATH]
          client-upload [--size-mb 1024] [--docket PATH]   (the .NET client's memory while uploading)
          list          [--executions 100000] [--samples 100] [--warmup 10] [--docket PATH]   (executions listing latency)
          blur-faces    [--seconds 20] [--fps 30] [--runs 3] [--photo PATH]   (video.blur_faces on 640x480, in process)
          blur-faces-image [--runs 20] [--photo PATH]   (image.blur_faces on a 1-megapixel photo, in process)
          pdf-pages     [--runs 20] [--corpus DIR]   (document engine: median ms per digital PDF page, read + extract)
          pdf-memory    [--pages 500] [--corpus DIR]   (document engine: peak RSS of a child reading a long PDF)
          ocr-overhead  [--runs 3] [--corpus DIR]   (document engine: OCR time over the tesseract CLI's)
          serve ...     (internal) `docket serve` with the test agents: the server the first two start
        """;

    private static async Task<int> Main(string[] args)
    {
        if (args is ["serve", ..])
        {
            return await DocketCli.RunAsync(args, TestAgents.Register).ConfigureAwait(false);
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var options = new BenchArgs(args.Skip(1));
            return args.FirstOrDefault() switch
            {
                "throughput" => await ThroughputBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "claim-latency" => await ClaimLatencyBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "wait-latency" => await WaitLatencyBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "upload" => await UploadBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "idle" => await IdleBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "client-upload" => await ClientUploadBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "list" => await ListBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "blur-faces" => await BlurFacesBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "blur-faces-image" => await BlurFacesImageBench.RunAsync(options, cancel.Token).ConfigureAwait(false),
                "pdf-pages" => DocumentEngineBench.PdfPages(options),
                "pdf-memory" => await DocumentEngineBench.PdfMemoryAsync(options, cancel.Token).ConfigureAwait(false),
                "pdf-memory-child" => DocumentEngineBench.PdfMemoryChild(options),
                "ocr-overhead" => await DocumentEngineBench.OcrOverheadAsync(options, cancel.Token).ConfigureAwait(false),
                _ => Fail(Usage),
            };
        }
        catch (ArgumentException exception)
        {
            return Fail($"{exception.Message}\n{Usage}");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
