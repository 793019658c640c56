using Storefront.Web.Features.AfterSales.Admin;

namespace Storefront.Web.Features.AfterSales;

/// <summary>Return and exchange cases, reviews and complaints; the after-sales job (auto-approval, overdue complaints).</summary>
public static class AfterSalesModule
{
    public static IHostApplicationBuilder AddAfterSales(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AfterSalesJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AfterSalesJob>());
        return builder;
    }

    public static IEndpointRouteBuilder MapAfterSales(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        OpenCase.Map(api);
        UploadCasePhoto.Map(api);
        ListMyCases.Map(api);
        GetMyCase.Map(api);
        WithdrawCase.Map(api);
        EnterReturnShipment.Map(api);
        ListCases.Map(api);
        GetCase.Map(api);
        GetServiceOrder.Map(api);
        ApproveCase.Map(api);
        RejectCase.Map(api);
        ReceiveCase.Map(api);
        RefundCase.Map(api);
        ShipExchange.Map(api);
        CloseCase.Map(api);
        AfterSalesSettings.Map(api);
        WriteReview.Map(api);
        UploadReviewPhoto.Map(api);
        MyOrderReviews.Map(api);
        FollowUpReview.Map(api);
        ProductReviews.Map(api);
        ListReviews.Map(api);
        ReplyToReview.Map(api);
        HideReview.Map(api);
        FileComplaint.Map(api);
        MyComplaints.Map(api);
        ReplyToComplaint.Map(api);
        CloseComplaint.Map(api);
        ListComplaints.Map(api);
        return app;
    }
}
