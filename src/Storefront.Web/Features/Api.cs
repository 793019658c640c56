using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Web.Features.Catalog.Search;

namespace Storefront.Web.Features;

/// <summary>The JSON API under /api/v1. Each use case maps its own endpoint beside its handler.</summary>
public static class Api
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery();
        Accounts.RegisterShopper.Map(api);
        Accounts.SignInShopper.Map(api);
        Accounts.SignInStaff.Map(api);
        Accounts.SignOut.Map(api);
        Accounts.ChangePassword.Map(api);
        Accounts.WhoAmI.Map(api);
        Platform.CreateStore.Map(api);
        Platform.ListStores.Map(api);
        Platform.SuspendStore.Map(api);
        Platform.ReactivateStore.Map(api);
        Platform.AppointOwner.Map(api);
        Staff.InviteStaff.Map(api);
        Staff.AcceptStaffInvitation.Map(api);
        Staff.RevokeStaffRole.Map(api);
        SearchProducts.Map(api);
        Catalog.Admin.CreateProduct.Map(api);
        Catalog.Admin.ListProducts.Map(api);
        Catalog.ListCategories.Map(api);
        Catalog.GetProduct.Map(api);
        Catalog.Admin.GetProduct.Map(api);
        Catalog.Admin.UpdateProduct.Map(api);
        Catalog.Admin.ListProduct.Map(api);
        Catalog.Admin.DelistProduct.Map(api);
        Catalog.Admin.ScheduleProduct.Map(api);
        Catalog.Admin.ListCategories.Map(api);
        Catalog.Admin.CreateCategory.Map(api);
        Catalog.Admin.UpdateCategory.Map(api);
        Catalog.Admin.DeleteCategory.Map(api);
        Catalog.Admin.UploadImage.Map(api);
        Catalog.Admin.AdjustStock.Map(api);
        Catalog.Admin.StockHistory.Map(api);
        Catalog.Admin.LowStockSkus.Map(api);
        Catalog.Admin.LowStockCount.Map(api);
        Catalog.Admin.ExportProductsCsv.Map(api);
        Catalog.Admin.Csv.ImportProductsCsv.Map(api);

        // Ordering: cart and addresses
        Ordering.CartContents.Map(api);
        Ordering.AddToCart.Map(api);
        Ordering.UpdateCartLine.Map(api);
        Ordering.RemoveCartLine.Map(api);
        Ordering.UpdateCart.Map(api);
        Ordering.ListAddresses.Map(api);
        Ordering.SaveAddress.Map(api);
        Ordering.DeleteAddress.Map(api);
        Ordering.SetDefaultAddress.Map(api);

        // Ordering: checkout and shipping templates
        Ordering.Admin.ListShippingTemplates.Map(api);
        Ordering.Admin.SaveShippingTemplate.Map(api);
        Ordering.Admin.DeleteShippingTemplate.Map(api);
        Ordering.PreviewCheckout.Map(api);
        Ordering.PlaceOrder.Map(api);

        // Ordering: payments and shopper orders
        Ordering.ListMyOrders.Map(api);
        Ordering.GetMyOrder.Map(api);
        Ordering.PayOrder.Map(api);
        Ordering.CancelOrder.Map(api);
        Ordering.ConfirmReceipt.Map(api);
        Infrastructure.Payments.SandboxCallbackEndpoint.Map(api);

        // Ordering: admin orders and settings
        Ordering.Admin.ListOrders.Map(api);
        Ordering.Admin.ExportOrdersCsv.Map(api);
        Ordering.Admin.GetOrder.Map(api);
        Ordering.Admin.ShipOrder.Map(api);
        Ordering.Admin.AddOrderNote.Map(api);
        Ordering.Admin.CancelOrderWithRefund.Map(api);
        Ordering.Admin.OrderingSettings.Map(api);

        // Promotions: operators admin
        Promotions.Admin.ListOrderPromotions.Map(api);
        Promotions.Admin.SaveOrderPromotion.Map(api);
        Promotions.Admin.ListCoupons.Map(api);
        Promotions.Admin.SaveCoupon.Map(api);
        Promotions.Admin.ListItemDiscounts.Map(api);
        Promotions.Admin.SaveItemDiscount.Map(api);
        Promotions.Admin.ListFlashSales.Map(api);
        Promotions.Admin.SaveFlashSale.Map(api);
        Promotions.Admin.SetPromotionEnabled.Map(api);
        Promotions.Admin.ListMemberTiers.Map(api);
        Promotions.Admin.SaveMemberTier.Map(api);
        Promotions.Admin.PointsRulesSettings.Map(api);
        Promotions.Admin.PreviewPricing.Map(api);
        Promotions.Admin.PromotionStats.Map(api);
        Promotions.Admin.ListPromotionTargets.Map(api);

        // Promotions: cart and checkout pricing

        // Promotions: coupons, members, flash storefront
        Promotions.Coupons.ListCoupons.Map(api);
        Promotions.Coupons.ClaimCoupon.Map(api);
        Promotions.Coupons.MyCoupons.Map(api);
        Promotions.Flash.ListFlashSales.Map(api);
        Members.MemberStanding.Map(api);
        Members.Admin.MemberLookup.Map(api);
        Members.Admin.AdjustPoints.Map(api);
        Members.Admin.SendCouponToTier.Map(api);

        // AfterSales: cases
        AfterSales.OpenCase.Map(api);
        AfterSales.UploadCasePhoto.Map(api);
        AfterSales.ListMyCases.Map(api);
        AfterSales.GetMyCase.Map(api);
        AfterSales.WithdrawCase.Map(api);
        AfterSales.EnterReturnShipment.Map(api);
        AfterSales.Admin.ListCases.Map(api);
        AfterSales.Admin.GetCase.Map(api);
        AfterSales.Admin.ApproveCase.Map(api);
        AfterSales.Admin.RejectCase.Map(api);
        AfterSales.Admin.ReceiveCase.Map(api);
        AfterSales.Admin.RefundCase.Map(api);
        AfterSales.Admin.ShipExchange.Map(api);
        AfterSales.Admin.CloseCase.Map(api);
        AfterSales.Admin.AfterSalesSettings.Map(api);

        // AfterSales: complaints and reviews
        AfterSales.WriteReview.Map(api);
        AfterSales.UploadReviewPhoto.Map(api);
        AfterSales.MyOrderReviews.Map(api);
        AfterSales.FollowUpReview.Map(api);
        AfterSales.ProductReviews.Map(api);
        AfterSales.Admin.ListReviews.Map(api);
        AfterSales.Admin.ReplyToReview.Map(api);
        AfterSales.Admin.HideReview.Map(api);
        AfterSales.FileComplaint.Map(api);
        AfterSales.MyComplaints.Map(api);
        AfterSales.ReplyToComplaint.Map(api);
        AfterSales.CloseComplaint.Map(api);
        AfterSales.Admin.ListComplaints.Map(api);
    }

    /// <summary>POST pattern: the JSON body is the command; the handler's result is the 200 response.</summary>
    public static RouteHandlerBuilder MapCommand<TCommand, TResult>(this IEndpointRouteBuilder group, string pattern)
        where TCommand : IRequest<TResult> =>
        group.MapPost(pattern, async ([FromBody] TCommand command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command, ct)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
