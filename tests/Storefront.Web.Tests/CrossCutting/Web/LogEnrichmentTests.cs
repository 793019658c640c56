using Microsoft.AspNetCore.Http;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Tests.CrossCutting.Web;

public sealed class LogEnrichmentTests
{
    [Fact]
    public void Events_of_store_scoped_background_work_carry_the_store()
    {
        var events = new List<LogEvent>();
        using var log = new LoggerConfiguration().Enrich.With<HttpContextLogEnricher>().WriteTo.Sink(new ListSink(events)).CreateLogger();
        var tenant = new TenantContext(new HttpContextAccessor());
        var store = Guid.NewGuid();
        try
        {
            log.Information("before");
            tenant.Use(new StoreInfo(store, "tea", "茶馆", StoreStatus.Active, "zh-CN", "CNY"));
            log.Information("inside the store");
        }
        finally
        {
            tenant.Use(null);
        }

        Assert.False(events[0].Properties.ContainsKey("TenantId"));
        Assert.Equal(store, ((ScalarValue)events[1].Properties["TenantId"]).Value);
    }

    private sealed class ListSink(List<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Add(logEvent);
    }
}
