using System.Net;
using System.Net.Sockets;

namespace Docket.Inputs;

/// <summary>
/// Builds the one kind of handler through which the server contacts user-supplied URLs.
/// The guard runs inside <see cref="SocketsHttpHandler.ConnectCallback"/>: the host is resolved
/// here and the socket connects to an address that was checked, so a DNS answer that changes
/// between a check and the connection (DNS rebinding) cannot slip past it.
/// </summary>
internal static class GuardedHttpHandler
{
    public static SocketsHttpHandler Create(UrlGuard guard, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return new SocketsHttpHandler
        {
            // Each hop of a redirect is a new URL the caller must re-check, scheme included.
            AllowAutoRedirect = false,
            // A proxy would make the connect callback see the proxy, not the target.
            UseProxy = false,
            UseCookies = false,
            // The bytes are stored as served; decompressing would also defeat the size limit
            // on Content-Length.
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = connectTimeout,
            // Pooled connections were checked when made; recycling them lets DNS changes apply.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(guard, context.DnsEndPoint, cancellationToken),
        };
    }

    /// <summary>
    /// A request that stays on TCP. HTTP/3 runs over QUIC, which never passes through
    /// <see cref="SocketsHttpHandler.ConnectCallback"/>, so it must not be negotiated upward.
    /// </summary>
    public static HttpRequestMessage NewRequest(HttpMethod method, Uri url) => new(method, url)
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    /// <summary>Why a request through a guarded handler failed, in words a user can act on.</summary>
    public static string Explain(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (UrlRefusedException.FindReason(exception) is { } refused)
        {
            return refused;
        }

        // A TLS failure's own message only says "see inner exception"; the inner one says what is wrong.
        return exception.HttpRequestError == HttpRequestError.SecureConnectionError
            ? $"the TLS connection failed: {exception.InnerException?.Message ?? exception.Message}"
            : exception.Message;
    }

    private static async ValueTask<Stream> ConnectAsync(UrlGuard guard, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = new List<IPAddress>(addresses.Length);
        var refused = new List<string>();
        foreach (var address in addresses)
        {
            if (guard.WhyRefused(address) is { } why)
            {
                refused.Add($"{address} ({why})");
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0)
        {
            throw new UrlRefusedException(
                $"refused to contact {endPoint.Host}: {string.Join(", ", refused)} may not be contacted; "
                + "private, loopback and link-local addresses are refused unless the operator allows private URLs");
        }

        SocketException? lastError = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastError!;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // An IPv6 literal may arrive in its URL form, with brackets.
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(bare, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? addresses
                : throw new UrlRefusedException($"the host {bare} has no addresses");
        }
        catch (SocketException e)
        {
            throw new UrlRefusedException($"the host {bare} could not be resolved ({e.SocketErrorCode})", e);
        }
    }
}
