using System.Globalization;
using AngleSharp.Dom;
using MediatR;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radzen;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.ComponentTests.Infrastructure;

/// <summary>
/// An interactive admin page rendered by bUnit with Radzen's services and the real <see cref="CircuitSender"/>,
/// whose requests reach a <see cref="RecordingMediator"/>; text in zh-CN, the interface's default language.
/// </summary>
public abstract class AdminPageTest : BunitContext
{
    /// <summary>2026-12-05 10:00 UTC, 18:00 in Beijing.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    protected AdminPageTest()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized("merchant@demo.local");
        Services.AddRadzenComponents();
        Services.AddHttpContextAccessor();
        Services.AddScoped<TenantContext>();
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<CircuitSender>();
        Services.AddSingleton<IMediator>(Mediator);
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected RecordingMediator Mediator { get; } = new();

    protected string CurrentUri => Services.GetRequiredService<NavigationManager>().Uri;

    /// <summary>Types into a field as a person does: the input is changed (or, for inputs updated as typed, input).</summary>
    protected static void Type(IElement field, object value)
    {
        var input = field.TagName is "INPUT" or "TEXTAREA" ? field : field.QuerySelector("input") ?? field;
        try
        {
            input.Change(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
        catch (MissingEventHandlerException)
        {
            input.Input(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    protected static string By(string testId) => $"[data-testid='{testId}']";
}
