using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Providers;

/// <summary>A Docket test server with one provider, <c>fake</c>, pointed at a <see cref="FakeModelServer"/>.</summary>
public static class ProviderHost
{
    public const string Model = "test-model";

    /// <param name="provider">Settings of Docket:Providers:fake, as key (Vision, Tools, …) → value.</param>
    public static Task<DocketTestServer> StartAsync(FakeModelServer fake, IDictionary<string, string>? provider = null, Action<IServiceCollection>? services = null, IDictionary<string, string>? settings = null) =>
        DocketTestServer.StartAsync(
            configure: host =>
            {
                host.Configuration["Docket:Providers:fake:BaseUrl"] = fake.BaseUrl;
                host.Configuration["Docket:Providers:fake:Model"] = Model;
                host.Configuration["Docket:Providers:fake:Aliases:0"] = "vlmrun-orion-1:auto";
                host.Configuration["Docket:Providers:fake:RetryBaseSeconds"] = "0.01";
                foreach (var (key, value) in provider ?? new Dictionary<string, string>())
                {
                    host.Configuration[$"Docket:Providers:fake:{key}"] = value;
                }

                foreach (var (key, value) in settings ?? new Dictionary<string, string>())
                {
                    host.Configuration[key] = value;
                }
            },
            services: services);
}
