using System.CommandLine;
using System.Net;
using System.Net.Http;
using Docket.Client;

namespace Docket.Cli.Commands;

/// <summary>
/// Runs a client command with a <see cref="DocketClient"/> made from the connection options and
/// turns what can go wrong into a message on stderr and an exit code (see <see cref="ExitCodes"/>).
/// </summary>
internal static class ClientAction
{
    public static void Set(Command command, ClientOptions options, Func<ClientCall, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = new Output(parse.GetValue(options.Json));
            string? url = null;
            try
            {
                var connection = ClientOptions.Resolve(parse.GetValue(options.Url), parse.GetValue(options.ApiKey), Environment.GetEnvironmentVariable);
                url = connection.Url;
                using var client = new DocketClient(new DocketClientOptions
                {
                    BaseUrl = connection.Url,
                    ApiKey = connection.ApiKey,
                    // A person is waiting: give up on a dead server in seconds, not minutes.
                    Timeout = TimeSpan.FromSeconds(30),
                    MaxRetries = 2,
                    RetryBaseDelay = TimeSpan.FromMilliseconds(250),
                });
                return await run(new ClientCall(parse, client, output), cancellationToken).ConfigureAwait(false);
            }
            catch (UsageException exception)
            {
                output.Error(exception.Message);
                return ExitCodes.Usage;
            }
            catch (DocketApiException exception)
            {
                output.Error(exception.StatusCode == HttpStatusCode.Unauthorized
                    ? $"{exception.Message} (give a key with --api-key, DOCKET_API_KEY or \"api_key\" in ~/.docket/config.json)"
                    : exception.Message);
                return ExitCodes.Failed;
            }
            catch (ExecutionFailedException exception)
            {
                output.Error(exception.Message);
                return ExitCodes.Failed;
            }
            catch (HttpRequestException exception) when (exception.StatusCode is null)
            {
                output.Error($"cannot reach Docket at {url}: {exception.Message}");
                return ExitCodes.Unreachable;
            }
            catch (HttpIOException exception)
            {
                output.Error($"the connection to Docket at {url} broke: {exception.Message}");
                return ExitCodes.Unreachable;
            }
            catch (TimeoutException exception)
            {
                output.Error($"Docket at {url} did not answer in time: {exception.Message}");
                return ExitCodes.Unreachable;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A local file that cannot be read or written (--out, -o, an upload).
                output.Error(exception.Message);
                return ExitCodes.Failed;
            }
        });
    }
}

/// <summary>What a client command's body gets: the parsed command line, a client and the output.</summary>
internal sealed record ClientCall(ParseResult Parse, DocketClient Client, Output Output)
{
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);
}
