using System.Net;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Web.Features.Catalog.Search;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;

namespace Storefront.Web.Tests.CrossCutting.Web;

/// <summary>
/// Production is the default (./run.sh runs it; ./run.sh --dev gives Development): no response carries a stack trace
/// or a source path, and the app run from its build output, as ./run.sh runs it, still serves Blazor's and Radzen's
/// static web assets.
/// </summary>
public sealed class ProductionTests(ProductionTests.ProductionApp app) : IClassFixture<ProductionTests.ProductionApp>
{
    private const string Boom = "explode";

    [Fact]
    public async Task An_unexpected_exception_behind_the_API_answers_a_problem_without_stack_trace_or_source_path()
    {
        var response = await app.ClientFor("demo").GetAsync($"/api/v1/catalog/products?q={Boom}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingInternal(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unexpected_exception_behind_a_page_answers_without_stack_trace_or_source_path()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/search?q={Boom}");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await app.ClientFor("demo").SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertNothingInternal(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_app_run_from_its_build_output_in_Production_serves_its_pages_and_static_web_assets()
    {
        await using var process = await AppProcess.StartAsync(app.Database.AppConnectionString, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });
        var client = process.ClientFor("demo");

        foreach (var path in new[] { "/", "/app.css", "/_framework/blazor.web.js", "/_content/Radzen.Blazor/css/material-base.css",
            "/_content/Radzen.Blazor/Radzen.Blazor.js" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}\n{process.Output}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{path}: an empty body\n{process.Output}");
        }
    }

    private static void AssertNothingInternal(string body)
    {
        foreach (var leak in new[] { "InvalidOperationException", "Exploding", ".cs:line", " at Storefront.", "/src/", "stack", Boom })
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The app in the Production environment, with a fault planted behind the search: a keyword "explode" throws.</summary>
    public sealed class ProductionApp : StorefrontApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.ConfigureServices(services => services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ExplodingBehavior<,>)));
        }
    }

    private sealed class ExplodingBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    {
        public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
            request is SearchProducts.Query { Q: Boom }
                ? throw new InvalidOperationException($"{Boom}: a fault planted at /home/dev/src/Storefront.Web/Features/Catalog/SearchProducts.cs:line 1")
                : next();
    }
}
